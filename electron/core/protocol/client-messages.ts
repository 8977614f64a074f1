// What the connector sends to the Accolades server (accolades-api.md §2.5, §2.7).

/** `{type:'authRequest', idCrm}`. The docs only show a string idCrm, so it is always sent as one. */
export function encodeAuthRequest(idCrm: string | number): string {
  return JSON.stringify({ type: 'authRequest', idCrm: String(idCrm) });
}

/** `{type:'configuration'}`: asks for the account/phone/agent configuration texts. */
export function encodeConfigurationRequest(): string {
  return JSON.stringify({ type: 'configuration' });
}
