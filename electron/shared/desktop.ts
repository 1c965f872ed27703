import { z } from 'zod';

/**
 * The desktop app's own requests, served by Electron's main process rather than the engine: native
 * open/save dialogs, "Show in folder"/"Open", and the app's desktop preferences. The renderer never sees a
 * dialog or shell API, only these channels; serve mode has none of them (the renderer checks
 * `window.catlip.desktop`).
 */

/** File extensions of each importable file format (folders: imagefolder, coco, webdataset shards). */
export const IMPORT_FILE_EXTENSIONS = {
  jsonl: ['jsonl', 'ndjson'],
  csv: ['csv', 'tsv'],
  webdataset: ['tar'],
  coco: ['json'],
} as const;

/** Image files "Try it" can open (formats sharp decodes). */
export const TRY_IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif'] as const;

/** What a dialog picks: an import source (folder or file), an export destination (file or folder), or an image to try a model on. */
export const ChoosePurposeSchema = z.enum([
  'import-folder',
  'import-file',
  'export-file',
  'export-folder',
  'open-image',
]);

export const ChoosePathRequestSchema = z.object({
  purpose: ChoosePurposeSchema,
  /** Title shown on the dialog, in the UI's language. */
  title: z.string().max(200).optional(),
  /** Suggested file name or folder (save dialogs). */
  defaultPath: z.string().max(4096).optional(),
  /** For export-file: the extensions allowed (without dots), e.g. ["pdf"]. */
  extensions: z
    .array(z.string().regex(/^[a-z0-9]{1,10}$/))
    .max(10)
    .optional(),
});

export const DesktopPreferencesSchema = z.object({
  /** OS notification when a run or a whole pilot completes, fails or is interrupted. */
  notifications: z.boolean(),
  /** Training progress on the taskbar / Dock icon. */
  taskbarProgress: z.boolean(),
  /**
   * One notification when a whole pilot has finished or stopped. While on, the pilot's own runs raise no
   * per-run notification (the pilot's one says how it ended); off, they do, as runs outside a pilot always do.
   */
  pilotNotifications: z.boolean(),
});

export const DEFAULT_DESKTOP_PREFERENCES = {
  notifications: true,
  taskbarProgress: true,
  pilotNotifications: true,
} as const;

/**
 * The renderer's current pilot as main needs it to announce the pilot's end: its runs in order (the engine's
 * run id once started) and each run's objective, for the speed-up. `pilot: null` forgets it.
 */
export const PilotPlanSchema = z.object({
  id: z.string().min(1).max(100),
  runs: z
    .array(
      z.object({
        run: z.number().int().positive().nullable(),
        objective: z.string().min(1).max(40),
      }),
    )
    .min(1)
    .max(200),
});

export const desktopChannels = {
  /** A native open or save dialog; `path` is null when the user cancelled. */
  'desktop:choose-path': { request: ChoosePathRequestSchema, response: z.object({ path: z.string().nullable() }) },
  /** Shows a file in the OS file manager (`reveal`) or opens it with its default application (`open`). */
  'desktop:show-path': {
    request: z.object({ path: z.string().min(1).max(4096), action: z.enum(['reveal', 'open']) }),
    response: z.object({ ok: z.boolean(), error: z.string().nullable() }),
  },
  'desktop:preferences:get': { request: z.object({}).default({}), response: DesktopPreferencesSchema },
  'desktop:preferences:set': { request: DesktopPreferencesSchema.partial(), response: DesktopPreferencesSchema },
  /** The renderer's pilot (sent when its runs change), so that main can announce the whole pilot's end. */
  'desktop:pilot': {
    request: z.object({ pilot: PilotPlanSchema.nullable() }),
    response: z.object({ ok: z.literal(true) }),
  },
} as const;

export type DesktopChannel = keyof typeof desktopChannels;
export type DesktopRequest<C extends DesktopChannel> = z.input<(typeof desktopChannels)[C]['request']>;
export type DesktopResponse<C extends DesktopChannel> = z.output<(typeof desktopChannels)[C]['response']>;
export type ChoosePathRequest = z.output<typeof ChoosePathRequestSchema>;
export type DesktopPreferences = z.output<typeof DesktopPreferencesSchema>;
export type PilotPlan = z.output<typeof PilotPlanSchema>;

/** The dialog filters for a purpose: import files by the importer's formats, exports by their extension. */
export function dialogFilters(request: ChoosePathRequest): { name: string; extensions: string[] }[] {
  if (request.purpose === 'import-file') {
    const all = Object.values(IMPORT_FILE_EXTENSIONS).flat();
    return [
      { name: 'Datasets', extensions: all },
      ...Object.entries(IMPORT_FILE_EXTENSIONS).map(([name, extensions]) => ({ name, extensions: [...extensions] })),
    ];
  }
  if (request.purpose === 'open-image') return [{ name: 'Images', extensions: [...TRY_IMAGE_EXTENSIONS] }];
  if (request.purpose === 'export-file' && request.extensions?.length) {
    return [{ name: request.extensions.join(', ').toUpperCase(), extensions: request.extensions }];
  }
  return [];
}
