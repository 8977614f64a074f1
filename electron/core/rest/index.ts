// Public surface of the Accolades REST client.
export * from './rest-error.js';
export * from './http-transport.js';
export * from './sms-warnings.js';
export * from './rest-client.js';
