#!/usr/bin/env node
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  console.error(`error[E_INTERNAL]: ${err && err.message ? err.message : String(err)}`);
  process.exit(2);
});
