import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '../model/errors.js';

/**
 * Resolves the default credential chain once, before a CLI command reads anything from real AWS.
 * Without credentials every call would fail and the run would report each bucket as unreadable,
 * hiding the one cause; docs/cli.md makes it exit status 2 instead.
 */
export async function assertCredentials(client: S3Client): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    throw new ConfigurationError(
      [
        {
          path: 'AWS credentials',
          message: `none usable through the default credential chain (environment, shared config and credentials files, SSO, container or instance role): ${(error as Error).message}`,
        },
      ],
      { cause: error },
    );
  }
}
