// A local Serverless plugin (serverless.yml `plugins: [./shared/deploy/monitor-parameters.mjs]`):
// - the `${monitor:<name>}` variables serverless.yml reads (IAM resources built from the bucket,
//   role and Slack parameters; see shared/deploy/stack-resources.ts);
// - every parameter checked with the schemas the functions use at cold start
//   (shared/deploy/stack-parameters.ts) before packaging or deploying: a wrong value stops
//   `serverless package` and `serverless deploy` with a message naming the parameter.
// Plain JavaScript because osls loads plugins with require/import; the TypeScript it needs is
// loaded through tsx (a devDependency, installed wherever the stack is packaged).
import { tsImport } from 'tsx/esm/api';

const checks = () => tsImport('./stack-parameters.ts', import.meta.url);
const resources = () => tsImport('./stack-resources.ts', import.meta.url);

/** The commands that package or deploy the stack: wrong parameters stop them. */
const CHECKED_COMMANDS = new Set(['package', 'deploy']);

export default class MonitorParameters {
  constructor(serverless) {
    this.serverless = serverless;
    /** @type {Promise<{ problems: { path: string, message: string }[], values: Record<string, unknown> }> | undefined} */
    this.reading = undefined;
    this.reported = false;
    this.configurationVariablesSources = {
      monitor: { resolve: (context) => this.resolve(context) },
    };
    const check = () => this.check();
    this.hooks = {
      'before:package:initialize': check,
      'before:deploy:deploy': check,
      'before:deploy:function:initialize': check,
    };
  }

  async resolve({ address, resolveConfigurationProperty, resolveVariable }) {
    this.reading ??= this.read(resolveConfigurationProperty, resolveVariable);
    const { values, problems } = await this.reading;
    // Before the framework validates its own schema (maximumConcurrency, retention …) with
    // messages that name no parameter; other commands (remove, info, print) are not stopped.
    // Once: every variable resolving to the same error would repeat it for each.
    const command = this.serverless.processedInput?.commands?.[0];
    if (problems.length > 0 && CHECKED_COMMANDS.has(command) && !this.reported) {
      this.reported = true;
      throw this.invalid(problems);
    }
    if (!(address in values)) {
      throw new this.serverless.classes.Error(
        `\${monitor:${address}} is not a variable of shared/deploy/monitor-parameters.mjs (${Object.keys(values).join(', ')})`,
        'MONITOR_UNKNOWN_VARIABLE',
      );
    }
    return { value: values[address] };
  }

  /** Every parameter of every `params` section, as the `param` source resolves it for this stage. */
  async read(resolveConfigurationProperty, resolveVariable) {
    const sections = (await resolveConfigurationProperty(['params'])) ?? {};
    const names = new Set(Object.values(sections).flatMap((section) => Object.keys(section ?? {})));
    const parameters = {};
    for (const name of names) {
      const value = await resolveVariable(`param:${name}`);
      parameters[name] = value === null || value === undefined ? '' : String(value);
    }
    const { parameterProblems } = await checks();
    const { stackValues } = await resources();
    return { problems: parameterProblems(parameters), values: stackValues(parameters) };
  }

  async check() {
    if (this.reading === undefined) {
      throw new this.serverless.classes.Error(
        'serverless.yml reads no $' + '{monitor:…} variable: the parameters were not checked',
        'MONITOR_PARAMETERS_UNCHECKED',
      );
    }
    const { problems } = await this.reading;
    if (problems.length > 0) throw this.invalid(problems);
  }

  invalid(problems) {
    const lines = problems.map((problem) => `  - ${problem.path}: ${problem.message}`);
    return new this.serverless.classes.Error(
      `Invalid stack parameters (serverless.yml params, --param):\n${lines.join('\n')}`,
      'MONITOR_INVALID_PARAMETERS',
    );
  }
}
