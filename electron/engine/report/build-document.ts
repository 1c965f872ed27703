import type { ChartLayout } from './charts/chart-layout.js';
import { evaluationDetailsBlocks } from './evaluation-details.js';
import { createFormatter, type Formatter } from './format.js';
import { bestValues, type ReportData, type ReportRun } from './report-data.js';
import { reportCharts } from './report-charts.js';
import type { Block, ReportDocument, TableColumn } from './report-document.js';
import { reportText, type ReportText } from './report-text.js';
import type { DifferenceSplit, PilotNetwork } from '../cost/projection.js';
import { runRecipe } from '../training/recipe.js';
import { conclusion } from './conclusion.js';
import { licenceSection, licenceWarnings } from './licence-section.js';
import { managementText } from './management-text.js';
import { tcoSection, tcoSettingsRows } from './tco-section.js';
import { executiveSummary, listOf, planText, projectionSentence } from './summary.js';

/** The report of `data` as a document in its language: every value formatted, every chart laid out. */
export function buildDocument(data: ReportData): ReportDocument {
  const t = reportText(data.lang);
  const f = createFormatter(data.lang, data.settings.currency);
  const charts = reportCharts(data, t, f);
  const m = managementText(data.lang);
  // the summary ends with a warning where any training data's licence is unknown or non-commercial
  const summary = [...executiveSummary(data, t, f), ...licenceWarnings(data.provenance, m, f)];
  const label = (r: ReportRun) => t.runLabel(t.role[r.role], r.id);
  const runColumns = (first: string): TableColumn[] => [
    { label: first, align: 'left', weight: 1.6 },
    ...data.runs.map((r) => ({ label: label(r), align: 'right' as const })),
  ];
  const perRun = (name: string, value: (r: ReportRun) => string) => [name, ...data.runs.map(value)];
  const blocks: Block[] = [];
  const chart = (c: ChartLayout | null) => c && blocks.push({ type: 'chart', chart: c });

  const conclusionLines = conclusion(data, t, m, f);
  blocks.push({ type: 'conclusion', heading: m.conclusion.heading, lines: conclusionLines });
  blocks.push({ type: 'heading', level: 2, text: t.section.summary }, { type: 'list', items: summary });

  // results at a glance: last and best values of each run
  blocks.push({ type: 'heading', level: 2, text: t.section.results });
  const best = new Map(data.runs.map((r) => [r, bestValues(r)]));
  blocks.push({
    type: 'table',
    columns: runColumns(t.metric),
    rows: [
      perRun(t.table.steps, (r) => f.int(r.summary.steps)),
      perRun(t.table.images, (r) => f.int(r.measured.images)),
      perRun(t.table.firstLoss, (r) => f.orDash(r.summary.first_loss, (x) => f.sig(x, 4))),
      perRun(t.table.lastLoss, (r) => f.orDash(r.summary.final_loss, (x) => f.sig(x, 4))),
      perRun(t.table.bestLoss, (r) => f.orDash(best.get(r)!.bestLoss, (x) => f.sig(x, 4))),
      perRun(t.table.throughput, (r) => f.orDash(r.measured.images_per_second, f.rate)),
      perRun(t.table.peakThroughput, (r) => f.orDash(best.get(r)!.peakImagesPerSecond, f.rate)),
      perRun(t.table.stepData, (r) => f.orDash(r.summary.step_ms.data, f.milliseconds)),
      perRun(t.table.stepCompute, (r) => f.orDash(r.summary.step_ms.compute, f.milliseconds)),
      perRun(t.table.peakMemory, (r) => f.orDash(best.get(r)!.peakMemoryMb, (x) => `${f.int(x)} MB`)),
      perRun(t.table.wallTime, (r) => f.duration(r.measured.seconds.wall)),
      perRun(t.table.gpuHours, (r) => f.sig(r.measured.gpu_hours, 3)),
    ],
  });
  chart(charts.throughput);

  blocks.push({ type: 'heading', level: 2, text: t.section.accuracy });
  if (data.accuracy.length) {
    blocks.push({ type: 'paragraph', text: t.accuracyNote, note: true });
    if (data.accuracy.some((r) => r.method === 'zero-shot'))
      blocks.push({ type: 'paragraph', text: t.zeroShotNote, note: true });
    const baselines = data.runs.slice(1);
    blocks.push({
      type: 'table',
      id: 'accuracy',
      columns: [
        { label: t.table.dataset, align: 'left', weight: 1.2 },
        { label: t.table.method, align: 'left', weight: 1.2 },
        { label: t.table.init, align: 'left', weight: 1.1 },
        { label: t.table.labelShare, align: 'right', weight: 0.7 },
        ...data.runs.map((r) => ({ label: label(r), align: 'right' as const })),
        ...baselines.map((b) => ({ label: t.table.difference(t.role[b.role]), align: 'right' as const })),
      ],
      rows: data.accuracy.map((row) => [
        row.dataset,
        t.method[row.method],
        t.init[row.init],
        f.percent(row.fraction, 0),
        ...row.results.map((e) => f.orDash(e, (x) => f.percent(x.top1))),
        ...baselines.map((_, i) =>
          row.results[0] && row.results[i + 1] ? f.points(row.results[0].top1 - row.results[i + 1]!.top1) : '–',
        ),
      ]),
    });
    blocks.push(...evaluationDetailsBlocks(data, t, f, label));
    chart(charts.accuracy);
  } else {
    blocks.push({ type: 'paragraph', text: t.notEvaluated });
  }

  blocks.push(...timeSection(data, t, f, runColumns, perRun));
  chart(charts.timePerStep);
  chart(charts.wallTime);
  chart(charts.measuredCost);
  blocks.push(...projectionSection(data, t, f, runColumns, perRun));
  chart(charts.projected);
  blocks.push(...tcoSection(data.comparisons[0].tco, t.role[data.clip.role], t, m, f));
  blocks.push(...licenceSection(data.provenance, m, f));

  if (charts.loss.length || charts.throughputOverSteps) {
    blocks.push(
      { type: 'heading', level: 2, text: t.section.curves },
      { type: 'paragraph', text: t.lossNote, note: true },
    );
    charts.loss.forEach(chart);
    chart(charts.throughputOverSteps);
  }

  blocks.push({ type: 'heading', level: 2, text: t.section.settings }, settingsTable(t, f, runColumns, perRun));
  blocks.push(...costSettingsSection(data, t, f));

  const warnings = warningsOf(data, t, f, label);
  if (warnings.length)
    blocks.push(
      { type: 'heading', level: 2, text: t.section.notes },
      { type: 'list', items: warnings, id: 'warnings' },
    );

  blocks.push({ type: 'heading', level: 2, text: t.section.glossary }, { type: 'definitions', items: t.glossary });

  return {
    lang: data.lang,
    title: t.title(data.catlip.config.dataset),
    subtitle: t.subtitle(listOf(data.runs.map(label), f), f.date(data.generatedAt)),
    summary,
    conclusion: conclusionLines,
    blocks,
    charts: blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : [])),
    footer: t.footer,
    generatedAt: data.generatedAt,
  };
}

type Columns = (first: string) => TableColumn[];
type PerRun = (name: string, value: (r: ReportRun) => string) => string[];

function timeSection(data: ReportData, t: ReportText, f: Formatter, runColumns: Columns, perRun: PerRun): Block[] {
  const { catlip } = data;
  const split = (r: ReportRun, key: 'data' | 'compute' | 'checkpoint') =>
    `${f.duration(r.measured.seconds[key])}${r.measured.share ? ` (${f.percent(r.measured.share[key])})` : ''}`;
  const energy = (r: ReportRun) =>
    typeof r.measured.energy_kwh === 'number' ? `${f.sig(r.measured.energy_kwh, 3)} kWh` : t.notMeasured;
  return [
    { type: 'heading', level: 2, text: t.section.time },
    {
      type: 'paragraph',
      text: t.timeIntro({ device: catlip.measured.device ?? '?', backend: catlip.measured.backend ?? '?' }),
    },
    {
      type: 'table',
      id: 'time',
      columns: runColumns(t.metric),
      rows: [
        perRun(t.table.dataTime, (r) => split(r, 'data')),
        perRun(t.table.computeTime, (r) => split(r, 'compute')),
        perRun(t.table.checkpointTime, (r) => split(r, 'checkpoint')),
        perRun(t.table.wallTime, (r) => f.duration(r.measured.seconds.wall)),
        perRun(t.table.throughput, (r) => f.orDash(r.measured.images_per_second, f.rate)),
        perRun(t.table.computeThroughput, (r) => f.orDash(r.measured.compute_images_per_second, f.rate)),
        perRun(t.table.gpuHours, (r) => f.sig(r.measured.gpu_hours, 3)),
        perRun(t.table.gpuCost, (r) => f.orDash(r.measured.gpu_cost, f.money)),
        perRun(t.table.energy, energy),
        perRun(t.table.energyCost, (r) => f.orDash(r.measured.energy_cost, f.money)),
      ],
    },
    ...data.comparisons.map((c, i): Block => ({
      type: 'paragraph',
      text: t.speedupLine({
        baseline: t.role[data.runs[i + 1].role],
        wall: f.orDash(c.speedup.measured.wall, f.times),
        compute: f.orDash(c.speedup.measured.compute, f.times),
      }),
    })),
  ];
}

function projectionSection(
  data: ReportData,
  t: ReportText,
  f: Formatter,
  runColumns: Columns,
  perRun: PerRun,
): Block[] {
  const blocks: Block[] = [
    { type: 'heading', level: 3, text: t.section.projection },
    { type: 'paragraph', text: t.projectionLabel, note: true },
  ];
  const p = data.comparisons[0].projected;
  if (!('speedup' in p) || !data.runs.every((r) => r.projected)) {
    blocks.push({ type: 'paragraph', text: projectionSentence(data, t, f) });
    return blocks;
  }
  blocks.push({ type: 'paragraph', text: t.projectionIntro({ plan: planText(data, t, f) }) });
  const proj = (r: ReportRun) => r.projected!;
  blocks.push({
    type: 'table',
    columns: runColumns(t.metric),
    rows: [
      perRun(t.table.imagesToProcess, (r) => f.int(proj(r).images)),
      perRun(t.table.projectedGpus, (r) => f.int(proj(r).gpus)),
      perRun(t.table.perGpuBatch, (r) => f.int(proj(r).per_gpu_batch)),
      perRun(t.table.memoryPerGpu, (r) => f.orDash(proj(r).memory_gib_per_gpu, (x) => `${f.sig(x, 3)} GiB`)),
      perRun(t.table.globalBatch, (r) => f.int(proj(r).global_batch)),
      perRun(t.table.projectedSteps, (r) => f.int(proj(r).steps)),
      perRun(t.table.projectedCompute, (r) => f.durationRange(proj(r).compute_hours)),
      perRun(t.table.allGather, (r) =>
        f.orDash(proj(r).communication, (x) => f.durationRange(x.hours)).replace(/^–$/, t.none),
      ),
      perRun(t.table.projectedWall, (r) => f.durationRange(proj(r).wall_hours)),
      perRun(t.table.projectedGpuHours, (r) => f.range(proj(r).gpu_hours, (x) => f.sig(x, 3))),
      perRun(t.table.projectedCost, (r) => f.orDash(proj(r).total_cost, f.moneyRange)),
      perRun(t.table.speedup, (r) => (r.role === 'catlip' ? '–' : f.timesRange(speedupAgainst(data, r)))),
    ],
  });
  const notes = new Set<string>();
  for (const r of data.runs) {
    const { gpu_cost, energy_kwh, energy_cost } = r.projected!;
    if (gpu_cost === null) notes.add(t.costNotes.noPrice);
    if (energy_kwh === 'not measured') notes.add(t.costNotes.noEnergy);
    else if (energy_cost === null) notes.add(t.costNotes.noElectricity);
  }
  if (notes.size) blocks.push({ type: 'list', items: [...notes] });
  return blocks;
}

/** The projected speed-up of CatLIP over one baseline, from the comparison with that baseline. */
function speedupAgainst(data: ReportData, baseline: ReportRun): { low: number; high: number } {
  const c = data.comparisons[data.runs.indexOf(baseline) - 1];
  return 'speedup' in c.projected ? c.projected.speedup : { low: NaN, high: NaN };
}

function settingsTable(t: ReportText, f: Formatter, runColumns: Columns, perRun: PerRun): Block {
  const s = t.settings;
  const num = (x: number) => f.sig(x, 4);
  const date = (iso: string | null) => (iso ? f.date(new Date(iso)) : '–');
  return {
    type: 'table',
    columns: runColumns(s.parameter),
    rows: [
      perRun(s.dataset, (r) => r.config.dataset),
      perRun(s.dataView, (r) => (r.config.view ? s.viewDescription(r.config.view) : s.wholeDataset)),
      perRun(s.objective, (r) => t.role[r.role]),
      perRun(s.model, (r) => r.config.model),
      perRun(s.imageSize, (r) => `${f.int(r.config.imageSize)} px`),
      perRun(s.patchSize, (r) => f.int(r.config.patchSize)),
      perRun(s.batch, (r) => f.int(r.config.batch)),
      perRun(s.steps, (r) => `${f.int(r.row.steps_done)} / ${f.int(r.row.steps_total)}`),
      perRun(s.backend, (r) => `${r.config.backend} → ${r.row.backend ?? '?'}`),
      perRun(s.device, (r) => r.row.device ?? '?'),
      perRun(s.recipe, (r) => {
        const recipe = runRecipe(r.config);
        return s.recipeName({ name: recipe.name, matched: recipe.mode === 'matched' });
      }),
      perRun(s.recipeDetail, (r) => {
        const recipe = runRecipe(r.config);
        return `${recipe.cropScale.map((x) => f.sig(x, 2)).join('–')} / ${f.sig(recipe.flipProbability, 2)} / ${f.sig(recipe.beta2, 3)}, ${recipe.epsilon.toExponential(0)} / ${f.sig(recipe.minLrRatio, 2)}`;
      }),
      perRun(s.lr, (r) => num(r.config.lr)),
      perRun(s.minLr, (r) => num(r.config.minLr)),
      perRun(s.warmup, (r) => f.int(r.config.warmupSteps)),
      perRun(s.weightDecay, (r) => num(r.config.weightDecay)),
      perRun(s.clipNorm, (r) => num(r.config.clipNorm)),
      perRun(s.ema, (r) => f.orDash(r.config.emaMomentum, num)),
      perRun(s.seed, (r) => String(r.config.seed)),
      perRun(s.vocabularyRow, (r) =>
        r.vocabularySize === null ? '–' : s.vocabulary(f.int(r.vocabularySize), r.config.labelMode ?? '?'),
      ),
      perRun(s.vocabularyThreshold, (r) => {
        const v = r.vocabularyThreshold;
        return v === null
          ? '–'
          : s.threshold({ rule: v.threshold, minCount: f.int(v.minCount), captions: f.int(v.captions) });
      }),
      perRun(s.tokenizer, (r) =>
        r.role === 'catlip' ? '–' : `${f.int(r.config.tokenizerVocab)} / ${f.int(r.config.contextLength)}`,
      ),
      perRun(s.checkpointEvery, (r) => f.int(r.config.checkpointEvery)),
      perRun(s.started, (r) => date(r.row.started_at)),
      perRun(s.finished, (r) => date(r.row.finished_at)),
    ],
  };
}

function costSettingsSection(data: ReportData, t: ReportText, f: Formatter): Block[] {
  const c = t.cost;
  const st = data.settings;
  const set = <T>(x: T | null, format: (v: T) => string) => (x === null ? f.unset : format(x));
  const rows = [
    [c.currency, st.currency],
    [c.gpuPrice, set(st.gpuCostPerHour, f.money)],
    [c.electricity, set(st.electricityPerKwh, f.money)],
    [c.planImages, set(st.plan.images, f.int)],
    [c.planEpochs, set(st.plan.epochs, (x) => f.sig(x, 4))],
    [c.planGpus, set(st.plan.gpus, f.int)],
    [
      c.perGpuBatch,
      st.plan.perGpuBatch === null ? c.pilotBatch(f.int(data.catlip.config.batch)) : f.int(st.plan.perGpuBatch),
    ],
    [c.gpuMemory, set(st.plan.gpuMemoryGB ?? null, (x) => `${f.sig(x, 4)} GiB`)],
    [c.baselineGpus, st.plan.baselineGpus == null ? c.sameGpus : f.int(st.plan.baselineGpus)],
    [c.bandwidth, set(st.plan.bandwidthGBps, (x) => `${f.sig(x, 4)} GB/s`)],
    [c.precision, st.embeddingPrecision],
    [c.variation, `±${f.percent(st.throughputVariation, 0)}`],
    [c.efficiency, f.range(st.bandwidthEfficiency, (x) => f.percent(x, 0))],
    ...tcoSettingsRows(st, managementText(data.lang), f),
  ];
  const blocks: Block[] = [
    { type: 'heading', level: 2, text: t.section.costSettings },
    {
      type: 'table',
      columns: [
        { label: c.item, align: 'left', weight: 1.4 },
        { label: c.value, align: 'left', weight: 1.6 },
      ],
      rows,
    },
    { type: 'heading', level: 3, text: t.section.assumptions },
  ];
  const projections = data.comparisons.flatMap((x) => ('speedup' in x.projected ? [x.projected] : []));
  if (!projections.length) return [...blocks, { type: 'paragraph', text: t.noAssumptions }];
  return [...blocks, { type: 'list', items: assumptions(data, t, f, projections) }];
}

/** English: the projection's own list (one wording, cost/projection.ts); Japanese: the same list from the same inputs. */
export function assumptions(
  data: ReportData,
  t: ReportText,
  f: Formatter,
  projections: { assumptions: string[]; inputs: Record<string, unknown> }[],
): string[] {
  if (!t.assumptions) return [...new Set(projections.flatMap((p) => p.assumptions))];
  const st = data.settings;
  const pilot = projections[0].inputs.pilot as
    Record<string, { embed_dim: number | null; network: PilotNetwork | null }> | undefined;
  const embedDim = pilot?.clip?.embed_dim ?? null;
  const network = pilot?.clip?.network ?? pilot?.catlip?.network ?? null;
  const difference = projections[0].inputs.difference as DifferenceSplit;
  type Side = { gpus: number; per_gpu_batch: number; basis: string; memory_gib_per_gpu: number | null };
  const sides = (projections[0].inputs.plan as { per_objective: Record<string, Side> }).per_objective;
  const baselineName = sides.clip ? 'clip' : 'superclass';
  const side = (x: Side) => ({
    batch: f.int(x.per_gpu_batch),
    gpus: f.int(x.gpus),
    memory: x.memory_gib_per_gpu === null ? null : `${f.sig(x.memory_gib_per_gpu, 3)} GiB`,
  });
  const hours = (r: { low: number; high: number }) => f.range(r, (x) => f.sig(x, 3));
  return t.assumptions({
    variation: f.percent(st.throughputVariation, 0),
    fast: f.number(1 + st.throughputVariation, 2),
    slow: f.number(1 - st.throughputVariation, 2),
    embedDim: embedDim === null ? null : f.int(embedDim),
    precision: st.embeddingPrecision,
    effHigh: f.percent(st.bandwidthEfficiency.high, 0),
    effLow: f.percent(st.bandwidthEfficiency.low, 0),
    superclass: data.superclass !== null && projections.length > 1,
    network: network && {
      model: network.model,
      imageSize: f.int(network.imageSize),
      patch: f.int(network.patchSize),
      width: f.int(network.width),
      depth: f.int(network.depth),
      text: network.text && {
        width: f.int(network.text.width),
        depth: f.int(network.text.depth),
        context: f.int(network.text.contextLength),
      },
    },
    difference: {
      compute: hours(difference.compute_hours),
      allGather: hours(difference.all_gather_hours),
      share: difference.all_gather_share && f.range(difference.all_gather_share, (x) => f.percent(x, 0)),
    },
    batch: {
      catlip: side(sides.catlip!),
      baseline: { name: baselineName === 'clip' ? 'CLIP' : 'SuperClass', ...side(sides[baselineName]!) },
      gpuMemory: st.plan.gpuMemoryGB == null ? null : `${f.sig(st.plan.gpuMemoryGB, 4)} GiB`,
      capped: Object.values(sides).some((x) => x.basis === 'capped-by-memory'),
      sameGpus: sides.catlip!.gpus === sides[baselineName]!.gpus,
      clip: baselineName === 'clip',
    },
  });
}

/** Above this share of wall time spent preparing batches, a run's speed is the host's rather than the device's. */
export const DATA_BOUND_SHARE = 0.5;

/** Caveats from the measurements themselves: hardware differences, non-GPU devices, data-bound runs, partial energy data. */
function warningsOf(data: ReportData, t: ReportText, f: Formatter, label: (r: ReportRun) => string): string[] {
  const out: string[] = [];
  const { catlip } = data;
  for (const b of data.runs.slice(1)) {
    if (b.measured.device !== catlip.measured.device || b.measured.backend !== catlip.measured.backend) {
      out.push(
        t.warnings.hardware({
          a: label(catlip),
          b: label(b),
          aDevice: `${catlip.measured.backend ?? '?'} / ${catlip.measured.device ?? '?'}`,
          bDevice: `${b.measured.backend ?? '?'} / ${b.measured.device ?? '?'}`,
        }),
      );
    }
  }
  for (const r of data.runs)
    if (r.measured.accelerator !== 'gpu')
      out.push(t.warnings.notGpu({ run: label(r), device: r.measured.device ?? '?' }));
  // batch preparation on the CPU that takes most of a run's time sets its pace: the device's speed-up is held down
  for (const r of data.runs) {
    if (r.measured.share && r.measured.share.data > DATA_BOUND_SHARE)
      out.push(t.warnings.dataBound({ run: label(r), share: f.percent(r.measured.share.data, 0) }));
  }
  const measured = data.runs.filter((r) => typeof r.measured.energy_kwh === 'number').length;
  if (measured > 0 && measured < data.runs.length) out.push(t.warnings.energyPartly);
  return out;
}
