import { z } from 'zod';

/**
 * Where a dataset's data came from and under what terms: per import, the source path, date, file hashes
 * and what the source declared (licences, download hosts); per dataset, a licence and consent /
 * personal-data notes entered by the user. A licence nobody declared or entered is "unknown".
 */
export const DeclaredLicenceSchema = z.object({
  name: z.string(),
  url: z.string().optional(),
  declaredIn: z.string(),
  items: z.number().int().optional(),
});

export const ImportProvenanceSchema = z.object({
  import: z.number().int(),
  source_path: z.string(),
  format: z.string(),
  imported_at: z.string(),
  status: z.string(),
  licences: z.array(DeclaredLicenceSchema),
  hosts: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number().int() })),
});

export const LicenceStateSchema = z.enum(['entered', 'declared', 'unknown']);

export const DatasetProvenanceSchema = z.object({
  dataset: z.string(),
  /** entered by the user, declared by the sources, or unknown. */
  state: LicenceStateSchema,
  /** The licences that apply: the entered one, or every one the sources declared. */
  licences: z.array(z.string()),
  /** Some licence forbids commercial use (CC BY-NC and the like). */
  non_commercial: z.boolean(),
  entered_licence: z.string().nullable(),
  consent_notes: z.string().nullable(),
  imports: z.array(ImportProvenanceSchema),
});

export const DatasetProvenanceRequestSchema = z.object({ dataset: z.string().min(1) });

export const DatasetLicenceSetSchema = z.object({
  dataset: z.string().min(1),
  /** SPDX id (e.g. "CC-BY-4.0") or free text; null clears it (back to what the sources declared). */
  licence: z.string().trim().max(500).nullable().optional(),
  /** Consent and personal-data notes (who agreed to what, whether faces or names appear); null clears them. */
  consent_notes: z.string().trim().max(4000).nullable().optional(),
});

export type DeclaredLicence = z.output<typeof DeclaredLicenceSchema>;
export type ImportProvenance = z.output<typeof ImportProvenanceSchema>;
export type DatasetProvenance = z.output<typeof DatasetProvenanceSchema>;
export type DatasetLicenceSet = z.input<typeof DatasetLicenceSetSchema>;
