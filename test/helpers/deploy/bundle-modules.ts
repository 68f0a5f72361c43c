import { join } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';

export interface BundledModules {
  /** Each bundled module's code after tree shaking, keyed by its path relative to the root. */
  segments: Map<string, string>;
  /** Third-party packages importing an AWS SDK client: requests no source scan can see. */
  foreignImporters: string[];
}

/**
 * Bundles a function's entry as serverless-esbuild does (the resolved `custom.esbuild` settings)
 * but not minified, so esbuild writes each module's code under a `// path` comment: what tree
 * shaking kept of every file, which is what Lambda will run.
 */
export async function bundleModules(
  root: string,
  entry: string,
  settings: Record<string, unknown>,
): Promise<BundledModules> {
  const result = await build({
    ...bundleOptionsOf(settings),
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    minify: false,
    write: false,
    metafile: true,
    outfile: join(root, '.iam-analysis', 'bundle.mjs'),
    logLevel: 'silent',
  });
  return {
    segments: segmentsOf(result.outputFiles[0]?.text ?? '', result.metafile),
    foreignImporters: foreignClientImporters(result.metafile),
  };
}

/** The options of serverless-esbuild's settings that change what is bundled. */
function bundleOptionsOf(settings: Record<string, unknown>): BuildOptions {
  const picked: Record<string, unknown> = {};
  for (const key of [
    'platform',
    'target',
    'format',
    'mainFields',
    'conditions',
    'define',
    'alias',
    'external',
  ]) {
    if (settings[key] !== undefined) picked[key] = settings[key];
  }
  // serverless-esbuild's `exclude` lists packages left out of the bundle (esbuild's external).
  if (Array.isArray(settings.exclude) && settings.exclude.length > 0) picked.external = settings.exclude;
  return picked as BuildOptions;
}

/** Each bundled module's code, keyed by its path (esbuild's `// path` comment before it). */
function segmentsOf(text: string, metafile: Metafile): Map<string, string> {
  const segments = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current !== undefined) segments.set(current, `${segments.get(current) ?? ''}${lines.join('\n')}\n`);
  };
  for (const line of text.split('\n')) {
    const header = /^\/\/ (\S+)$/.exec(line)?.[1];
    if (header !== undefined && header in metafile.inputs) {
      flush();
      current = header;
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return segments;
}

const SDK_CLIENT = /node_modules\/(@aws-sdk\/(?:client|lib)-[^/]+)\//;

function packageOf(path: string): string {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return match?.[1] ?? '(source)';
}

/** Third-party packages that import an AWS SDK client: requests the source scan cannot see. */
function foreignClientImporters(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    const importer = packageOf(file);
    for (const imported of input.imports) {
      const client = SDK_CLIENT.exec(imported.path)?.[1];
      if (client === undefined || importer === '(source)' || importer === client) continue;
      // lib-dynamodb's commands wrap client-dynamodb's: command-actions.ts maps them.
      if (importer === '@aws-sdk/lib-dynamodb' && client === '@aws-sdk/client-dynamodb') continue;
      found.add(`${importer} imports ${client}: it can send AWS requests no command here accounts for`);
    }
  }
  return [...found];
}
