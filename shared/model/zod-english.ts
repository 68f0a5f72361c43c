import { en } from 'zod/locales';

/**
 * zod/mini, unlike classic zod, loads no locale: its own messages would all read "Invalid
 * input". The English messages classic zod installs are given to each parse (not set with
 * `z.config`, which is global to every zod in the process). Imported from `zod/locales`: read
 * as `z.locales.en` instead, esbuild keeps every locale in the bundle (about 260 KB).
 */
export const ENGLISH = { error: en().localeError };
