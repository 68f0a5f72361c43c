import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSlackConfig } from '../../shared/config/slack-config.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack-webhook-AbCdEf';

describe('loadSlackConfig', () => {
  it('reads a parameter location with the defaults', () => {
    const config = loadSlackConfig({ SLACK_WEBHOOK_PARAMETER: '/s3-replication-monitor/slack-webhook' });
    assert.deepEqual(config, {
      webhook: { parameterName: '/s3-replication-monitor/slack-webhook' },
      minimumSeverity: 'warning',
      timeoutMs: 5000,
      maxRetryDelayMs: 5000,
      cacheSeconds: 300,
    });
  });

  it('reads a secret location, a minimum severity and the Region', () => {
    const config = loadSlackConfig({
      SLACK_WEBHOOK_PARAMETER: '',
      SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN,
      SLACK_MIN_SEVERITY: 'critical',
      AWS_REGION: 'eu-west-1',
    });
    assert.deepEqual(config.webhook, { secretArn: SECRET_ARN });
    assert.equal(config.minimumSeverity, 'critical');
    assert.equal(config.region, 'eu-west-1');
  });

  it('reports every problem together', () => {
    assert.throws(
      () =>
        loadSlackConfig({
          SLACK_WEBHOOK_PARAMETER: 'has spaces',
          SLACK_WEBHOOK_SECRET_ARN: SECRET_ARN,
          SLACK_MIN_SEVERITY: 'loud',
          SLACK_TIMEOUT_MS: '10',
        }),
      (error: Error & { problems?: { path: string }[] }) => {
        assert.equal(error.name, 'ConfigurationError');
        assert.deepEqual(error.problems?.map((problem) => problem.path).sort(), [
          'SLACK_MIN_SEVERITY',
          'SLACK_TIMEOUT_MS',
          'SLACK_WEBHOOK_PARAMETER',
          'SLACK_WEBHOOK_SECRET_ARN',
        ]);
        return true;
      },
    );
  });

  it('requires one place for the webhook URL', () => {
    assert.throws(
      () => loadSlackConfig({}),
      /SLACK_WEBHOOK_PARAMETER: or SLACK_WEBHOOK_SECRET_ARN is required/,
    );
  });
});
