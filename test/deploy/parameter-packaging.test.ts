// `serverless package` with wrong parameters fails naming them (shared/deploy/monitor-parameters.mjs),
// and the parameters that shape IAM (bucket lists, the Slack webhook's location) package into the
// resources the functions' calls are authorised against. Each failing packaging stops at the
// parameters' check, before any bundling (a few seconds).
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packageStack, packagingFailure, TEST_BUCKETS } from '../helpers/deploy/package-stack.js';
import { statementsOfRole } from '../helpers/deploy/role-statements.js';
import type { Template } from '../helpers/deploy/template.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}';

/** The resources of the role's Allow statements granting `action`. */
function grantedOn(template: Template, roleId: string, action: string): unknown[] {
  return statementsOfRole(template, roleId)
    .statements.filter((statement) => statement.effect === 'Allow' && statement.actions.includes(action))
    .flatMap((statement) => statement.resources);
}

describe('serverless package with wrong parameters', () => {
  it("names function-setting parameters the functions' cold-start schema refuses, with the allowed values", async () => {
    const output = await packagingFailure(ROOT, {
      ...TEST_BUCKETS,
      alertMinSeverity: 'bogus',
      sampleMaxObjects: 'lots',
    });
    assert.match(output, /Invalid stack parameters/);
    assert.match(output, /alertMinSeverity: .*"bogus".*allowed: one of critical, warning, info/);
    assert.match(output, /sampleMaxObjects: .*"lots".*allowed: a whole number from 0 to 1000000/);
  });

  it("names stack-only parameters with their allowed values, before the framework's own schema", async () => {
    const output = await packagingFailure(ROOT, {
      ...TEST_BUCKETS,
      emailMinSeverity: 'warn',
      eventMaximumConcurrency: '1',
      logRetentionInDays: '2',
    });
    assert.match(output, /emailMinSeverity: must be one of critical, warning, info \(given "warn"\)/);
    assert.match(output, /eventMaximumConcurrency: must be a whole number from 2 to 1000 \(given "1"\)/);
    assert.match(output, /logRetentionInDays: must be a CloudWatch Logs retention: 1, 3, 5/);
    assert.doesNotMatch(output, /Configuration error at/);
  });

  it('refuses * buckets without allowAllBuckets=true, and an empty sourceBuckets', async () => {
    const star = await packagingFailure(ROOT, { sourceBuckets: '*', destinationBuckets: 'acme-replica' });
    assert.match(star, /sourceBuckets: "\*" would let the audit read every bucket.*allowAllBuckets=true/);
    const empty = await packagingFailure(ROOT, {});
    assert.match(empty, /sourceBuckets: is empty: list the source buckets/);
  });

  it('refuses Slack parameters of the wrong shape', async () => {
    const output = await packagingFailure(ROOT, {
      ...TEST_BUCKETS,
      slackWebhookSecretArn: 'slack-webhook',
      slackWebhookKeyArn: 'alias/slack',
    });
    assert.match(
      output,
      /slackWebhookSecretArn: must be a Secrets Manager secret ARN \(given "slack-webhook"\)/,
    );
    assert.match(output, /slackWebhookKeyArn: must be a KMS key ARN/);
  });
});

describe('serverless package with allowAllBuckets=true', () => {
  it('scopes the audit to every bucket only then', async () => {
    const { template } = await packageStack(ROOT, { sourceBuckets: '*', allowAllBuckets: 'true' });
    assert.deepEqual(grantedOn(template, 'AuditRole', 's3:GetReplicationConfiguration'), [
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' },
    ]);
    assert.deepEqual(grantedOn(template, 'AuditRole', 's3:GetObject'), [
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*/*' },
    ]);
  });
});

describe('serverless package with each form of the Slack webhook location', () => {
  const forms: [string, Record<string, string>, string, unknown][] = [
    [
      'a parameter name without its slash',
      { slackWebhookParameter: 'slack-webhook' },
      'ssm:GetParameter',
      { 'Fn::Sub': `${ACCOUNT}:parameter/slack-webhook` },
    ],
    [
      'a parameter ARN',
      { slackWebhookParameter: 'arn:aws:ssm:eu-west-1:111122223333:parameter/slack/webhook' },
      'ssm:GetParameter',
      'arn:aws:ssm:eu-west-1:111122223333:parameter/slack/webhook',
    ],
    [
      "a secret's partial ARN (no random suffix)",
      { slackWebhookSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack/webhook' },
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack/webhook-??????',
    ],
    [
      "a secret's complete ARN",
      { slackWebhookSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack/webhook-Ab12Cd' },
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack/webhook-Ab12Cd',
    ],
  ];
  for (const [form, parameters, action, resource] of forms) {
    it(`grants ${action} on exactly the webhook's resource, given ${form}`, async () => {
      const { template } = await packageStack(ROOT, { ...TEST_BUCKETS, ...parameters });
      assert.deepEqual(grantedOn(template, 'SlackNotifierRole', action), [resource]);
    });
  }
});
