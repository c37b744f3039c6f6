// Loaded with `node --import`: registers resolve hooks that append every resolved module URL to
// $FLASH_TRACE_MODULES, so tests can prove which modules a command loaded (ESM and the CJS packages it imports).
import { register } from 'node:module';

register(new URL('./module-trace-hooks.mjs', import.meta.url), { data: { file: process.env.FLASH_TRACE_MODULES } });
