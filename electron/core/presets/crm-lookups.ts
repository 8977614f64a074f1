// The contact-lookup blocks of the CRM presets with a public search API. Data only: `<key>`
// markers are the preset's inputs (checked by the preset expansion), `{…}` are the ordinary
// placeholders filled per call. Each block cites the public API documentation it follows; the
// stand-ins in test/lookup/crm-stand-ins.ts answer exactly the shapes documented there.
import type { LookupConfigInput } from '../config/schema.js';

export type LookupBlock = LookupConfigInput;

/**
 * HubSpot CRM search: POST https://api.hubapi.com/crm/v3/objects/contacts/search with a filter
 * on `phone`; the answer is { total, results: [{ id, properties: { firstname, lastname, … } }] }.
 * Private-app token as Bearer. https://developers.hubspot.com/docs/guides/api/crm/search
 * Contact page: https://<appHost>/contacts/<portalId>/record/0-1/<id>.
 */
export const hubspotLookup: LookupBlock = {
  url: 'https://api.hubapi.com/crm/v3/objects/contacts/search',
  method: 'POST',
  body: {
    filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: '{number}' }] }],
    properties: ['firstname', 'lastname', 'company', 'phone'],
    limit: 10,
  },
  apiKeyScheme: 'bearer',
  numberFormats: ['e164', 'national', 'digits'],
  listPath: 'results[*]',
  idPath: 'id',
  namePath: 'properties.firstname + properties.lastname',
  companyPath: 'properties.company',
  contactUrl: 'https://<appHost>/contacts/<portalId>/record/0-1/{contactId}',
};

/**
 * Pipedrive: GET https://<companyDomain>.pipedrive.com/v1/persons/search?term=…&fields=phone
 * &exact_match=true; the answer is { success, data: { items: [{ result_score, item: { id, name,
 * organization: { name } } }] } }. API token in the x-api-token header.
 * https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons
 * Person page: https://<companyDomain>.pipedrive.com/person/<id>.
 */
export const pipedriveLookup: LookupBlock = {
  url: 'https://<companyDomain>.pipedrive.com/v1/persons/search?term={number}&fields=phone&exact_match=true',
  apiKeyHeader: 'x-api-token',
  numberFormats: ['e164', 'national', 'digits'],
  listPath: 'data.items[*].item',
  idPath: 'id',
  namePath: 'name',
  companyPath: 'organization.name',
  contactUrl: 'https://<companyDomain>.pipedrive.com/person/{contactId}',
};

/**
 * Zoho CRM: GET https://<apiHost>/crm/v3/Contacts/search?phone=…; the answer is { data: [{ id,
 * Full_Name, Account_Name: { name } }], info }, and 204 with no body when nothing matches.
 * OAuth token as "Zoho-oauthtoken <token>". https://www.zoho.com/crm/developer/docs/api/v3/search-records.html
 * Contact page: https://<crmHost>/crm/org<orgId>/tab/Contacts/<id>. The API host is the data
 * centre's www.zohoapis.<dc> (https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html).
 */
export const zohoLookup: LookupBlock = {
  url: 'https://<apiHost>/crm/v3/Contacts/search?phone={number}',
  apiKeyScheme: 'zoho-oauthtoken',
  numberFormats: ['e164', 'national', 'digits'],
  listPath: 'data[*]',
  idPath: 'id',
  namePath: 'Full_Name',
  companyPath: 'Account_Name.name',
  contactUrl: 'https://<crmHost>/crm/org<orgId>/tab/Contacts/{contactId}',
};

/**
 * Freshdesk: GET https://<subdomain>.freshdesk.com/api/v2/contacts?phone=…; the answer is a list of
 * contacts [{ id, name, phone, company_id }]. Basic auth with "<api key>:X" (store exactly that).
 * https://developers.freshdesk.com/api/#list_all_contacts
 * Contact page: https://<subdomain>.freshdesk.com/a/contacts/<id>.
 */
export const freshdeskLookup: LookupBlock = {
  url: 'https://<subdomain>.freshdesk.com/api/v2/contacts?phone={number}',
  apiKeyScheme: 'basic',
  numberFormats: ['e164', 'national', 'noplus'],
  listPath: '[*]',
  idPath: 'id',
  namePath: 'name',
  contactUrl: 'https://<subdomain>.freshdesk.com/a/contacts/{contactId}',
};

/**
 * Zendesk: GET https://<subdomain>.zendesk.com/api/v2/search.json?query=role:end-user phone:…
 * (digits only, no +, as Zendesk asks); the answer is { results: [{ id, name, phone,
 * result_type: "user" }], count }. Basic auth with "<email>/token:<api token>".
 * https://developer.zendesk.com/documentation/voice/talk-partner-edition/retrieving-the-zendesk-user-id-of-a-caller/
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/
 * User page: https://<subdomain>.zendesk.com/agent/users/<id>.
 */
export const zendeskLookup: LookupBlock = {
  url: 'https://<subdomain>.zendesk.com/api/v2/search.json?query=role%3Aend-user%20phone%3A{number}',
  apiKeyScheme: 'basic',
  numberFormats: ['noplus', 'digits', 'last9'],
  listPath: 'results[*]',
  idPath: 'id',
  namePath: 'name',
  contactUrl: 'https://<subdomain>.zendesk.com/agent/users/{contactId}',
};
