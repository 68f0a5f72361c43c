import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Observed } from '../model/observed.js';
import { observeCall } from './aws-errors.js';

/**
 * The account the monitor's credentials belong to: some reads (KMS GetKeyPolicy) work only in
 * that account. sts:GetCallerIdentity needs no permission. Read once per process.
 */
export function createCallerAccount(client: STSClient): () => Promise<Observed<string>> {
  let cached: Promise<Observed<string>> | undefined;
  return () => {
    cached ??= observeCall('sts:GetCallerIdentity', '*', async () => {
      const output = await client.send(new GetCallerIdentityCommand({}));
      return output.Account ?? '';
    }).then((result) => {
      if (!result.ok) cached = undefined;
      return result;
    });
    return cached;
  };
}
