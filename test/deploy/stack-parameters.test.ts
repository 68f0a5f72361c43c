// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} are CloudFormation Fn::Sub placeholders, not template ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  FUNCTION_PARAMETERS,
  parameterProblems,
  SLACK_PARAMETERS,
} from '../../shared/deploy/stack-parameters.js';
import {
  bucketLists,
  slackParameterArn,
  slackSecretArn,
  stackValues,
} from '../../shared/deploy/stack-resources.js';

const SERVERLESS_YML = readFileSync(fileURLToPath(new URL('../../serverless.yml', import.meta.url)), 'utf8');
const BUCKETS = { sourceBuckets: 'acme-data,acme-logs-*', destinationBuckets: 'acme-replica-*' };
/** serverless.yml's defaults for the parameters that are not empty. */
const DEFAULTS = {
  auditSchedule: 'rate(5 minutes)',
  eventMaximumConcurrency: '10',
  eventBusName: 'default',
  emailMinSeverity: 'warning',
  logRetentionInDays: '30',
  auditStalledAfterMinutes: '15',
  slackMinSeverity: 'warning',
  allowAllBuckets: 'false',
  objectSampling: 'true',
  replicationRolePattern: '*',
};

const paths = (parameters: Record<string, string>) => parameterProblems(parameters).map((p) => p.path);

describe('FUNCTION_PARAMETERS and SLACK_PARAMETERS', () => {
  it('map every parameter serverless.yml gives a function variable, and only those', () => {
    const inYml = new Set(
      [...SERVERLESS_YML.matchAll(/^\s+([A-Z_]+): \$\{(?:param|monitor):(\w+)\}$/gm)].map(
        ([, variable, parameter]) => `${parameter}=${variable}`,
      ),
    );
    const mapped = new Set(
      Object.entries({ ...FUNCTION_PARAMETERS, ...SLACK_PARAMETERS }).map(([p, v]) => `${p}=${v}`),
    );
    assert.deepEqual([...mapped].sort(), [...inYml].sort());
  });
});

describe('parameterProblems', () => {
  it('accepts the lists with every other parameter empty', () => {
    assert.deepEqual(parameterProblems({ ...BUCKETS, ...DEFAULTS }), []);
  });

  it("names the parameter, its variable and the allowed values of a value the function's schema refuses", () => {
    const problems = parameterProblems({
      ...BUCKETS,
      ...DEFAULTS,
      alertMinSeverity: 'bogus',
      sampleMaxObjects: 'lots',
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['alertMinSeverity', 'sampleMaxObjects'],
    );
    assert.match(problems[0]?.message ?? '', /one of critical, warning, info.*ALERT_MIN_SEVERITY/);
    assert.match(problems[1]?.message ?? '', /a whole number from 0 to 1000000; default 1000/);
  });

  it('checks the stack-only parameters', () => {
    assert.deepEqual(
      paths({
        ...BUCKETS,
        ...DEFAULTS,
        emailMinSeverity: 'warn',
        eventMaximumConcurrency: '1001',
        logRetentionInDays: '2',
        auditStalledAfterMinutes: '1441',
        monitoredAccounts: '111122223333, 444455556666',
        slackWebhookKeyArn: 'alias/slack',
        allowAllBuckets: 'yes',
      }),
      [
        'emailMinSeverity',
        'logRetentionInDays',
        'auditStalledAfterMinutes',
        'eventMaximumConcurrency',
        'monitoredAccounts',
        'slackWebhookKeyArn',
        'allowAllBuckets',
      ],
    );
  });

  it('checks the Slack parameters with the Slack schema, only when Slack is set up', () => {
    assert.deepEqual(paths({ ...BUCKETS, ...DEFAULTS, slackMinSeverity: 'warning' }), []);
    assert.deepEqual(paths({ ...BUCKETS, ...DEFAULTS, slackWebhookSecretArn: 'slack' }), [
      'slackWebhookSecretArn',
    ]);
    assert.deepEqual(
      paths({
        ...BUCKETS,
        ...DEFAULTS,
        slackWebhookParameter: 'slack-webhook',
        slackWebhookSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack',
      }),
      ['slackWebhookSecretArn'],
    );
  });
});

describe('bucketLists', () => {
  it('refuses * without allowAllBuckets, and an empty source list', () => {
    assert.deepEqual(
      bucketLists({ sourceBuckets: '*' }).problems.map((p) => p.path),
      ['sourceBuckets'],
    );
    assert.deepEqual(bucketLists({ sourceBuckets: '*', allowAllBuckets: 'true' }).problems, []);
    assert.match(bucketLists({}).problems[0]?.message ?? '', /allowAllBuckets=true/);
  });

  it('reads monitoredBucketPattern, the earlier name, as both lists', () => {
    const lists = bucketLists({ monitoredBucketPattern: 'acme-*' });
    assert.deepEqual([lists.sources, lists.destinations, lists.problems], [['acme-*'], ['acme-*'], []]);
    assert.deepEqual(
      bucketLists({ monitoredBucketPattern: 'acme-*', sourceBuckets: 'a' }).problems.map((p) => p.path),
      ['monitoredBucketPattern'],
    );
  });

  it('refuses what is not a bucket name or pattern', () => {
    assert.deepEqual(
      bucketLists({ sourceBuckets: 'Acme Data' }).problems.map((p) => p.path),
      ['sourceBuckets'],
    );
  });
});

describe('stackValues', () => {
  it('builds one ARN per bucket: sources and destinations for settings, sources for the rest', () => {
    const values = stackValues({ ...BUCKETS, ...DEFAULTS });
    const subs = (arns: unknown[]) => arns.map((arn) => (arn as { 'Fn::Sub': string })['Fn::Sub']);
    assert.deepEqual(subs(values.sourceBucketArns), [
      'arn:${AWS::Partition}:s3:::acme-data',
      'arn:${AWS::Partition}:s3:::acme-logs-*',
    ]);
    assert.deepEqual(subs(values.bucketArns), [
      'arn:${AWS::Partition}:s3:::acme-data',
      'arn:${AWS::Partition}:s3:::acme-logs-*',
      'arn:${AWS::Partition}:s3:::acme-replica-*',
    ]);
    assert.deepEqual(subs(values.sourceObjectArns), [
      'arn:${AWS::Partition}:s3:::acme-data/*',
      'arn:${AWS::Partition}:s3:::acme-logs-*/*',
    ]);
  });

  it('drops the object reads and sets SAMPLE_MAX_OBJECTS to 0 with objectSampling false or sampleMaxObjects 0', () => {
    const offs: Record<string, string>[] = [{ objectSampling: 'false' }, { sampleMaxObjects: '0' }];
    for (const off of offs) {
      const values = stackValues({ ...BUCKETS, ...DEFAULTS, ...off });
      assert.deepEqual(values.objectReadStatement, { Ref: 'AWS::NoValue' });
      assert.equal(values.sampleMaxObjects, '0');
    }
    assert.notDeepEqual(stackValues({ ...BUCKETS, ...DEFAULTS }).objectReadStatement, {
      Ref: 'AWS::NoValue',
    });
  });

  it('limits discovery to the source buckets unless the audit is given its own buckets or filters', () => {
    assert.equal(stackValues({ ...BUCKETS, ...DEFAULTS }).auditInclude, 'acme-data,acme-logs-*');
    assert.equal(stackValues({ ...BUCKETS, ...DEFAULTS, auditInclude: 'acme-d*' }).auditInclude, 'acme-d*');
    assert.equal(stackValues({ ...BUCKETS, ...DEFAULTS, auditBuckets: 'acme-data' }).auditInclude, '');
    assert.equal(
      stackValues({ ...DEFAULTS, sourceBuckets: '*', destinationBuckets: '*', allowAllBuckets: 'true' })
        .auditInclude,
      '',
    );
  });

  it('gives each replication role of the list its ARN', () => {
    const { replicationRoleArns } = stackValues({
      ...BUCKETS,
      replicationRolePattern: 'service-role/s3-*,replication',
    });
    assert.deepEqual(replicationRoleArns, [
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/s3-*' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/replication' },
    ]);
  });

  it('lists the severities at or above each minimum', () => {
    assert.deepEqual(stackValues({ ...BUCKETS, emailMinSeverity: 'info' }).emailSeverities, [
      'critical',
      'warning',
      'info',
    ]);
    assert.deepEqual(stackValues({ ...BUCKETS, slackMinSeverity: 'critical' }).slackSeverities, ['critical']);
  });
});

describe('slackParameterArn', () => {
  it('builds the ARN of a name with or without its leading slash, and keeps an ARN', () => {
    const parameter = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter';
    assert.deepEqual(slackParameterArn('slack-webhook'), { 'Fn::Sub': `${parameter}/slack-webhook` });
    assert.deepEqual(slackParameterArn('/slack/webhook'), { 'Fn::Sub': `${parameter}/slack/webhook` });
    const arn = 'arn:aws:ssm:eu-west-1:111122223333:parameter/slack/webhook';
    assert.equal(slackParameterArn(arn), arn);
  });
});

describe('slackSecretArn', () => {
  it("matches a partial ARN's random suffix with -??????, and keeps a complete ARN", () => {
    const partial = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack/webhook';
    assert.equal(slackSecretArn(partial), `${partial}-??????`);
    assert.equal(slackSecretArn(`${partial}-AbC123`), `${partial}-AbC123`);
  });
});
