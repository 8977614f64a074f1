// `node --import <this file> …`: installs hooks.mjs before any application module loads.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, {
  data: { electronFakeUrl: new URL('../electron.ts', import.meta.url).href },
});
