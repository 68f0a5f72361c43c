import { mkdirSync } from 'node:fs';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLE } from '../shared/wiring/lambda-bundle.js';

/**
 * esbuild with serverless.yml's `custom.esbuild` settings (as test/helpers/bundle.ts), plus a
 * metafile to say where the bytes come from.
 */
export async function bundleAs(
  entry: string | { contents: string },
  outdir: string,
): Promise<{ file: string; metafile: Metafile }> {
  mkdirSync(outdir, { recursive: true });
  const file = `${outdir}handler.mjs`;
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: 'ts' as const } }),
    ...LAMBDA_BUNDLE,
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  return { file, metafile: result.metafile };
}

/** Bytes in the bundle per npm package (or per top-level folder of this project), largest first. */
export function largestInputs(metafile: Metafile, top: number): Record<string, number> {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return Object.fromEntries([...bytes].sort((left, right) => right[1] - left[1]).slice(0, top));
}
