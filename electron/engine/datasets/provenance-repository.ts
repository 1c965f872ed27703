import type { DatasetProvenance, DatasetLicenceSet, ImportProvenance } from '../../shared/provenance.js';
import type { Db } from '../store/database.js';
import { requireDataset } from './dataset-repository.js';
import { isNonCommercial } from './sources/provenance.js';

/** Provenance rows: what each import's source declared (imports.provenance_json) and the user's licence and notes per dataset. */

export type RecordedProvenance = Pick<ImportProvenance, 'licences' | 'hosts' | 'files'>;

export function recordImportProvenance(db: Db, importId: number, provenance: RecordedProvenance): void {
  db.prepare('UPDATE imports SET provenance_json = ? WHERE id = ?').run(JSON.stringify(provenance), importId);
}

/** A dataset's sources, licence state and notes; completed and cancelled imports count (what they stored is in the data). */
export function datasetProvenance(db: Db, name: string): DatasetProvenance {
  const row = requireDataset(db, name) as ReturnType<typeof requireDataset> & {
    licence: string | null;
    consent_notes: string | null;
  };
  const imports = (
    db
      .prepare(
        `SELECT id, source_path, format, started_at, status, provenance_json FROM imports
      WHERE dataset_id = ? AND status IN ('completed', 'cancelled') ORDER BY id`,
      )
      .all(row.id) as {
      id: number;
      source_path: string;
      format: string;
      started_at: string;
      status: string;
      provenance_json: string | null;
    }[]
  ).map((r): ImportProvenance => {
    const p = parseRecorded(r.provenance_json);
    return {
      import: r.id,
      source_path: r.source_path,
      format: r.format,
      imported_at: r.started_at,
      status: r.status,
      ...p,
    };
  });
  const declared = [...new Set(imports.flatMap((i) => i.licences.map((l) => l.name)))];
  const entered = row.licence ?? null;
  const licences = entered !== null ? [entered] : declared;
  return {
    dataset: row.name,
    state: entered !== null ? 'entered' : declared.length ? 'declared' : 'unknown',
    licences,
    non_commercial: licences.some(isNonCommercial),
    entered_licence: entered,
    consent_notes: row.consent_notes ?? null,
    imports,
  };
}

/** Sets (or with null clears) the dataset's licence and consent notes; fields left out stay as they are. */
export function setDatasetLicence(db: Db, input: DatasetLicenceSet): DatasetProvenance {
  const row = requireDataset(db, input.dataset);
  const blank = (s: string | null | undefined) =>
    s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim();
  const licence = blank(input.licence);
  const notes = blank(input.consent_notes);
  db.transaction(() => {
    if (licence !== undefined) db.prepare('UPDATE datasets SET licence = ? WHERE id = ?').run(licence, row.id);
    if (notes !== undefined) db.prepare('UPDATE datasets SET consent_notes = ? WHERE id = ?').run(notes, row.id);
  })();
  return datasetProvenance(db, row.name);
}

/** A stored provenance value, or nothing declared where the import predates provenance or the value is unreadable. */
function parseRecorded(json: string | null): RecordedProvenance {
  const empty: RecordedProvenance = { licences: [], hosts: [], files: [] };
  if (json === null) return empty;
  try {
    const v = JSON.parse(json) as Partial<RecordedProvenance>;
    return {
      licences: Array.isArray(v.licences) ? v.licences : [],
      hosts: Array.isArray(v.hosts) ? v.hosts : [],
      files: Array.isArray(v.files) ? v.files : [],
    };
  } catch {
    return empty;
  }
}
