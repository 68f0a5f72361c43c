import { DescribeKeyCommand, GetKeyPolicyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { KeyFacts } from '../diagnosis/key-findings.js';
import type { KeyPolicyRead, KeyReader } from '../diagnosis/key-reader.js';
import { observeCall } from './aws-errors.js';

export type { KeyPolicyRead, KeyReader } from '../diagnosis/key-reader.js';

/**
 * Reads KMS keys. IAM: kms:DescribeKey (works across accounts when the key policy allows it)
 * and kms:GetKeyPolicy (only in the key's own account), on the key ARN.
 */
export function createKmsKeyReader(clientFor: (region: string) => KMSClient): KeyReader {
  return {
    describe: (keyId, region) => {
      const keyRegion = keyId.startsWith('arn:') ? (keyId.split(':')[3] ?? region) : region;
      return observeCall<KeyFacts | undefined>(
        'kms:DescribeKey',
        keyId,
        async () => {
          const output = await clientFor(keyRegion).send(new DescribeKeyCommand({ KeyId: keyId }));
          const metadata = output.KeyMetadata;
          const arn = metadata?.Arn ?? keyId;
          const facts: KeyFacts = {
            arn,
            account: metadata?.AWSAccountId ?? arn.split(':')[4] ?? '',
            region: arn.split(':')[3] ?? keyRegion,
            state: metadata?.KeyState ?? (metadata?.Enabled ? 'Enabled' : 'Disabled'),
            keyManager: metadata?.KeyManager ?? 'CUSTOMER',
            keySpec: metadata?.KeySpec ?? 'SYMMETRIC_DEFAULT',
          };
          if (metadata?.DeletionDate !== undefined) facts.deletionDate = metadata.DeletionDate.toISOString();
          return facts;
        },
        { names: ['NotFoundException'], value: undefined },
      );
    },
    policy: async (key, monitorAccount) => {
      if (monitorAccount !== undefined && key.account !== monitorAccount) {
        return { ok: true, value: { kind: 'other-account' } };
      }
      return observeCall<KeyPolicyRead>('kms:GetKeyPolicy', key.arn, async () => {
        const output = await clientFor(key.region).send(
          new GetKeyPolicyCommand({ KeyId: key.arn, PolicyName: 'default' }),
        );
        return {
          kind: 'policy',
          document: output.Policy === undefined ? undefined : JSON.parse(output.Policy),
        };
      });
    },
  };
}
