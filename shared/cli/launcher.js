#!/usr/bin/env node
// The installed command. The CLI is TypeScript run through tsx (as `npm run cli` does), so an
// install, `npx` and a fresh checkout all run the same source with no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('./bin.ts');
