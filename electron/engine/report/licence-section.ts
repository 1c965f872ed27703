import type { DatasetProvenance } from '../../shared/provenance.js';
import type { Formatter } from './format.js';
import type { ManagementText } from './management-text.js';
import type { Block } from './report-document.js';
import { listOf } from './summary.js';

/**
 * The report's "Data sources and licences" section — one row per training dataset with its licence and
 * where that licence comes from, then each import's source, date and file hashes — and the warnings the
 * summary carries when any training data's licence is unknown or non-commercial.
 */
export function licenceSection(datasets: DatasetProvenance[], m: ManagementText, f: Formatter): Block[] {
  const x = m.licences;
  const basis = (d: DatasetProvenance) =>
    d.state === 'entered'
      ? x.states.entered
      : d.state === 'unknown'
        ? x.states.unknown
        : x.states.declared(listOf([...new Set(d.imports.flatMap((i) => i.licences.map((l) => l.declaredIn)))], f));
  const blocks: Block[] = [
    { type: 'heading', level: 2, text: x.section },
    { type: 'paragraph', text: x.intro, note: true },
    {
      type: 'table',
      id: 'licences',
      columns: [
        { label: x.dataset, align: 'left' },
        { label: x.licence, align: 'left', weight: 1.3 },
        { label: x.state, align: 'left', weight: 1.3 },
        { label: x.consent, align: 'left', weight: 1.6 },
      ],
      rows: datasets.map((d) => [
        d.dataset,
        d.licences.length ? d.licences.join(', ') : x.unknown,
        basis(d),
        d.consent_notes ?? x.none,
      ]),
    },
  ];
  const imports = datasets.flatMap((d) => d.imports.map((i) => ({ d, i })));
  if (imports.length) {
    blocks.push(
      { type: 'heading', level: 3, text: x.sourcesHeading },
      {
        type: 'table',
        columns: [
          { label: x.dataset, align: 'left', weight: 0.8 },
          { label: x.source, align: 'left', weight: 1.8 },
          { label: x.imported, align: 'left', weight: 1 },
          { label: x.files, align: 'left', weight: 1.6 },
        ],
        rows: imports.map(({ d, i }) => [
          d.dataset,
          i.hosts.length ? `${i.source_path} (${i.hosts.join(', ')})` : i.source_path,
          f.date(new Date(i.imported_at)),
          // a short prefix identifies a file; the CSV and the database keep the whole hash
          i.files.length
            ? i.files
                .slice(0, 3)
                .map((h) => `${h.path.split(/[\\/]/).pop()} ${h.sha256.slice(0, 12)}`)
                .join(', ') + (i.files.length > 3 ? ` +${i.files.length - 3}` : '')
            : '–',
        ]),
      },
    );
  }
  const warnings = licenceWarnings(datasets, m, f);
  if (warnings.length) blocks.push({ type: 'list', items: warnings, id: 'licence-warnings' });
  return blocks;
}

export function licenceWarnings(datasets: DatasetProvenance[], m: ManagementText, f: Formatter): string[] {
  const out: string[] = [];
  const unknown = datasets.filter((d) => d.state === 'unknown');
  if (unknown.length)
    out.push(
      m.licences.warnUnknown(
        listOf(
          unknown.map((d) => d.dataset),
          f,
        ),
      ),
    );
  const nc = datasets.filter((d) => d.non_commercial);
  if (nc.length)
    out.push(
      m.licences.warnNonCommercial({
        datasets: listOf(
          nc.map((d) => d.dataset),
          f,
        ),
        licences: listOf([...new Set(nc.flatMap((d) => d.licences))], f),
      }),
    );
  return out;
}
