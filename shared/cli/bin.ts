import { main } from './main.js';

// The SDK warns once per process that it will need Node 22 from 2027; docs/development.md says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
