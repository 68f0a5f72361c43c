import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, UsageError } from '../model/errors.js';
import { assertAwsCredentials } from '../wiring/cli.js';
import { type ClientPool, createClientPool } from '../wiring/clients.js';

/** Where the CLI's real-AWS run takes its credentials and Region from (docs/cli.md). */
export interface AwsTarget {
  /** The profile named by `--profile` or AWS_PROFILE; absent: the default chain's `default`. */
  profile?: string;
  /** `--profile` or `AWS_PROFILE`, for messages. */
  profileSource?: string;
  region: string;
  clients: ClientPool;
}

export interface AwsTargetFlags {
  profile?: string;
  region?: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

const configFile = (env: Environment) => env.AWS_CONFIG_FILE ?? join(env.HOME ?? homedir(), '.aws', 'config');
const credentialsFile = (env: Environment) =>
  env.AWS_SHARED_CREDENTIALS_FILE ?? join(env.HOME ?? homedir(), '.aws', 'credentials');

/**
 * The sections of an AWS shared config or credentials file, by profile name: `[profile NAME]` in
 * the config file and `[NAME]` in both; `[default]` is `default`. A missing file has none.
 */
export async function readProfiles(
  file: string,
  isConfig: boolean,
): Promise<Map<string, Map<string, string>>> {
  const profiles = new Map<string, Map<string, string>>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return profiles;
  }
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line)?.[1];
    if (section !== undefined) {
      // The config file names profiles `[profile NAME]` (sso-session and services sections are not profiles).
      const name = isConfig ? /^profile\s+(.+)$/.exec(section)?.[1] : section;
      const profile = name ?? (section === 'default' ? 'default' : undefined);
      current = profile === undefined ? undefined : (profiles.get(profile) ?? new Map<string, string>());
      if (profile !== undefined && current !== undefined) profiles.set(profile, current);
      continue;
    }
    const setting = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (current !== undefined && setting?.[1] !== undefined) current.set(setting[1], setting[2] ?? '');
  }
  return profiles;
}

/**
 * The AWS CLI's precedence: `--profile`, then AWS_PROFILE; `--region`, then AWS_REGION, then
 * AWS_DEFAULT_REGION, then the profile's `region` in the config file. No Region at all is an error
 * rather than a silent us-east-1: the audit's home Region decides where alarms and topics are read.
 */
export async function resolveAwsTarget(flags: AwsTargetFlags, env: Environment): Promise<AwsTarget> {
  const named = flags.profile ?? env.AWS_PROFILE;
  const profileSource =
    flags.profile !== undefined ? '--profile' : named !== undefined ? 'AWS_PROFILE' : undefined;
  const config = await readProfiles(configFile(env), true);
  if (named !== undefined) {
    const credentials = await readProfiles(credentialsFile(env), false);
    if (!config.has(named) && !credentials.has(named))
      throw new UsageError(
        `AWS profile "${named}" (from ${profileSource}) does not exist in ${configFile(env)} or ${credentialsFile(env)}`,
      );
  }
  const region =
    flags.region ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    nonEmpty(config.get(named ?? 'default')?.get('region'));
  if (region === undefined)
    throw new UsageError(
      `no AWS Region: pass --region, set AWS_REGION, or set region for profile "${named ?? 'default'}" in ${configFile(env)}`,
    );
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new UsageError(`--region must be an AWS Region such as us-east-1, not ${region}`);
  return {
    ...(named === undefined ? {} : { profile: named }),
    ...(profileSource === undefined ? {} : { profileSource }),
    region,
    clients: createClientPool(flags.profile === undefined ? {} : { profile: flags.profile }),
  };
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** Resolves credentials once; none at all is one line naming the profile tried (exit status 2). */
export async function assertTargetCredentials(target: AwsTarget): Promise<void> {
  try {
    await assertAwsCredentials(target.clients, target.region);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    const cause = (error.cause as Error | undefined)?.message.split('\n')[0] ?? '';
    const tried =
      target.profile === undefined
        ? 'the default credential chain (environment variables, profile "default" of the shared files, SSO, container and instance roles)'
        : `profile "${target.profile}" (from ${target.profileSource})`;
    throw new UsageError(`no AWS credentials found through ${tried}${cause ? `: ${cause}` : ''}`, {
      cause: error,
    });
  }
}
