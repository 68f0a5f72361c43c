import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The SDK clients' default credential chain, as bundled into the Lambda functions (serverless.yml
 * `custom.esbuild.alias` puts this module in place of `@aws-sdk/credential-provider-node`).
 * Lambda hands every function its execution role's credentials in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the rest of the chain (profiles, SSO, web
 * identity, containers, IMDS, with the STS/SSO clients they carry: ~95 KB and their import time)
 * can never answer there. The CLI runs from source and keeps the whole chain.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider =>
  fromEnv(init);

/** The chain's other exports, for any importer that reads them: env credentials never expire early. */
export const credentialsWillNeedRefresh = (credentials: { expiration?: Date } | undefined): boolean =>
  credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials: { expiration?: Date } | undefined): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
