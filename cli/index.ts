// The CLI's public face: nothing imports cli/, but bin/cdp.mjs starts it here.
export { main, buildProgram } from './main.ts';
