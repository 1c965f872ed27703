/**
 * A Japanese-caption pilot through the Japanese UI, in a real browser against `catlip-pilot serve`: a
 * company-style JSONL export (Japanese captions written for the tests, one per coco-mini image, the image paths
 * absolute and outside the manifest's folder) is refused without an image folder, with the reason saying how to
 * allow one, then imported through the form's 画像フォルダ field; the Datasets screen builds its vocabulary (synset
 * classes from Japanese nouns, and a lemma class, ja:戸棚, for a noun without a synset), the business vocabulary
 * editor maps 戸棚 to its synset and stop-lists 写真 as a new version; a labelled ImageFolder set is imported;
 * the 新しいパイロット wizard trains CatLIP and its CLIP baseline (tiny model, 3 steps on the CPU) with a linear
 * probe on the labelled set planned, whose top-1 then shows on 比較. Every label the test finds is the Japanese
 * one (renderer/src/i18n/ja.ts), so it also checks that these screens are in Japanese. Screenshots go to
 * test/e2e/artifacts/ja-*.png; the Datasets screen with the Japanese dataset is checked with axe-core.
 *
 * Needs `npm run build:engine && npm run build:renderer` first. Without Chromium or ../shared/data the suite is
 * reported as skipped, with the reason in its name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/fixture-paths.js';
import { cocoMini, writeCompanyManifest } from '../fixtures/japanese-export.fixture.js';
import {
  axeProblems,
  chromiumMissing,
  closeApp,
  openApp,
  screenshot,
  waitForFirstLoss,
  type AppSession,
} from './serve-app.fixture.js';

const labelled = fixture('imagefolder-split');
const skipReason = chromiumMissing ?? (existsSync(cocoMini) ? null : `${cocoMini} is missing`);
if (skipReason) console.warn(`Japanese pilot end-to-end test SKIPPED: ${skipReason}`);

const DATASET = 'ja-photos';
const CAPTIONS = 159;
const MIN_COUNT = 3;
const STEPS = 3;
const BATCH = 8;

const integer = (text: string) => Number(text.replace(/[^\d]/g, ''));

describe.skipIf(skipReason !== null)(
  `Japanese-caption pilot in the Japanese UI${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let app: AppSession;
    let manifest: string;
    let server: AppSession['server'];
    let page: Page;
    /** The vocabulary size the Datasets screen built at MIN_COUNT, which the wizard must build alike. */
    let sizeAtMinCount = 0;

    const shot = (name: string) => screenshot(page, `ja-${name}`);
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
    const importResult = () => page.getByTestId('import-result').innerText();
    const importForm = () => ({
      path: page.getByRole('textbox', { name: 'エンジン側マシン上のパス' }),
      name: page.getByRole('textbox', { name: /^データセット名/ }),
      imageRoots: page.getByRole('textbox', { name: '画像フォルダ（任意）' }),
      start: page.getByRole('button', { name: '取り込む', exact: true }),
    });
    /** The Datasets screen's count of lemma classes (nouns without a synset); the figure is hidden when none. */
    const lemmaClasses = async () => {
      const stat = page.getByTestId('vocab-lemma-classes');
      return (await stat.count()) ? integer(await stat.locator('.value').innerText()) : 0;
    };
    /** The classes of the top-synsets chart, from its table (its text alternative). */
    const topClasses = () => page.getByTestId('top-synsets-chart').locator('tbody th').allTextContents();

    beforeAll(async () => {
      // the export's images and the labelled set are allowed by --allow-path; the export itself lies in the home
      app = await openApp('catlip-e2e-ja-', [cocoMini, labelled]);
      ({ server, page } = app);
      manifest = writeCompanyManifest(path.join(app.home, 'export'));
    });

    afterAll(() => closeApp(app, 'Japanese pilot end-to-end'));

    it('switches the UI to Japanese and opens データセット', async () => {
      await page.goto(server.url);
      await heading('Home').waitFor();
      await page.getByRole('banner').getByRole('button', { name: '日本語' }).click();
      await heading('ホーム').waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'データセット' }).click();
      await heading('データセット').waitFor();
      await page.getByRole('heading', { name: 'データセットを取り込む' }).waitFor();
    });

    it('refuses the export without an image folder, saying how to allow one, then imports all of it with one', async () => {
      const form = importForm();
      await form.path.fill(manifest);
      // leaving the path suggests a name from it; the name is typed over it only once it is there
      await form.path.blur();
      await expect.poll(() => form.name.inputValue()).toBe('photos-ja');
      await form.name.fill(DATASET);
      await form.start.click();
      // every row points outside the manifest's folder: nothing imported, each row skipped with the way out
      await expect
        .poll(importResult, { timeout: 120_000 })
        .toMatch(new RegExp(`^「${DATASET}」：新規 0 件、.*スキップ ${CAPTIONS} 件`));
      const skipped = page.locator(`.skipped[data-dataset="${DATASET}"]`);
      await expect(skipped.innerText()).resolves.toContain(`「${DATASET}」の ${CAPTIONS} 件をスキップしました`);
      const reason = await skipped.locator('tbody tr').first().locator('td').nth(1).innerText();
      expect(reason).toContain('データセットのフォルダーの外を指す絶対パスです：');
      expect(reason).toContain(cocoMini);
      expect(reason).toContain(
        'そのフォルダーを画像フォルダーとして指定してください（取り込みフォームの「画像フォルダ」',
      );
      await shot('01-import-refused');

      await form.imageRoots.fill(cocoMini);
      await form.start.click();
      await expect
        .poll(importResult, { timeout: 180_000 })
        .toMatch(new RegExp(`^「${DATASET}」：新規 ${CAPTIONS} 件、デコードした画像 ${CAPTIONS} 枚、スキップ 0 件`));
      await expect.poll(() => skipped.innerText()).toContain(`「${DATASET}」の 0 件をスキップしました`);
      const row = page.locator(`tr[data-dataset="${DATASET}"]`);
      await expect.poll(() => row.innerText()).toContain(String(CAPTIONS));
      expect(await row.innerText()).toContain('キャプション付き');
      await shot('02-imported');
    });

    it('builds the vocabulary of the Japanese captions: synsets, a lemma class, and an edited version', async () => {
      await page.getByRole('combobox', { name: 'キャプション付きデータセット' }).selectOption(DATASET);
      const size = page.getByTestId('vocab-size');
      await size.waitFor();
      const defaultSize = integer(await size.innerText());
      await page.locator('#vocab-min-count').fill(String(MIN_COUNT));
      await expect.poll(async () => integer(await size.innerText()), { timeout: 30_000 }).toBeLessThan(defaultSize);
      sizeAtMinCount = integer(await size.innerText());
      // Japanese nouns became WordNet synsets; a noun without one (戸棚) is a class of its own, counted apart
      expect(sizeAtMinCount).toBeGreaterThan(10);
      await expect(page.getByTestId('vocab-stats').innerText()).resolves.toContain('語彙クラス（シンセットなし）');
      const lemmasBefore = await lemmaClasses();
      expect(lemmasBefore).toBeGreaterThan(0);
      const top = await topClasses();
      expect(top).toEqual(expect.arrayContaining(['man.n.01', 'table.n.02', 'dog.n.01', 'kitchen.n.01']));
      expect(top).toContain('photograph.n.01'); // 写真
      await shot('03-vocabulary');

      // the business version: 戸棚 mapped to its synset (one lemma class fewer), 写真 stop-listed
      await page.getByRole('heading', { name: '業務用語彙の編集' }).waitFor();
      const op = page.getByRole('combobox', { name: '編集の種類' });
      await op.selectOption('map');
      await page.getByRole('textbox', { name: '用語（例: 戸棚、ja:戸棚）' }).fill('戸棚');
      await page.getByRole('textbox', { name: 'シンセット（例: cupboard.n.01）' }).fill('cupboard.n.01');
      await page.getByRole('button', { name: '編集を追加' }).click();
      await op.selectOption('stop');
      await page.getByRole('textbox', { name: '除外するクラス・語（カンマ区切り、例: 写真, photo）' }).fill('写真');
      await page.getByRole('button', { name: '編集を追加' }).click();
      // the collected edits, each with its own (Japanese-labelled) way to take it back before saving
      const pending = page.getByTestId('pending-edits');
      await expect(pending.locator('li').count()).resolves.toBe(2);
      await pending.getByRole('button', { name: '編集「戸棚 → cupboard.n.01」を取り消す' }).waitFor();
      await pending.getByRole('button', { name: '編集「除外: 写真」を取り消す' }).waitFor();
      await page.getByRole('button', { name: '2 件の編集を新しい版として保存' }).click();
      const saved = page.getByTestId('edit-saved');
      await saved.waitFor({ timeout: 60_000 });
      const [, edited, parent, relabelled] =
        /^語彙 (\d+) を語彙 (\d+) から作成しました（再ラベル付けしたキャプション: (\d+) 件）。$/.exec(
          (await saved.innerText()).trim(),
        ) ?? [];
      expect(Number(edited)).toBeGreaterThan(Number(parent));
      expect(Number(relabelled)).toBeGreaterThan(0);
      await expect.poll(lemmaClasses).toBe(lemmasBefore - 1);
      await expect.poll(topClasses).not.toContain('photograph.n.01');
      await shot('04-vocabulary-edited');
    });

    it('shows which words of a Japanese caption became synsets and which is a lemma class', async () => {
      await page.getByRole('textbox', { name: 'キャプション', exact: true }).fill('戸棚の前で犬が寝ている');
      await page.getByRole('button', { name: 'シンセットを調べる' }).click();
      await page.getByRole('cell', { name: 'dog.n.01' }).waitFor();
      await expect(page.getByTestId('tested-caption').locator('mark').allInnerTexts()).resolves.toEqual(['犬']);
      const lemmas = await page.getByTestId('tested-lemmas').innerText();
      expect(lemmas).toContain('シンセットのない名詞（語彙クラスの候補）');
      expect(lemmas).toContain('ja:戸棚');
      await shot('05-caption-tester');
      expect(await axeProblems(page, 'datasets ja with a Japanese dataset')).toEqual([]);
    });

    it('imports the labelled set through the same form', async () => {
      const form = importForm();
      await form.path.fill(labelled);
      await form.name.fill('pets');
      await form.imageRoots.fill(''); // image folders are for manifests; a class-folder set reads its own folder
      await form.start.click();
      await expect.poll(importResult, { timeout: 60_000 }).toMatch(/^「pets」：新規 [1-9]\d* 件/);
      const row = page.locator('tr[data-dataset="pets"]');
      await expect.poll(() => row.innerText()).toContain('ラベル付き');
      await shot('06-labelled-imported');
    });

    it('runs the 新しいパイロット wizard: Japanese captions, tiny model, 3 steps on the CPU, a linear probe planned', async () => {
      await page.getByRole('navigation').getByRole('link', { name: '新しいパイロット' }).click();
      await heading('新しいパイロット').waitFor();
      await page.getByRole('radio', { name: new RegExp(DATASET) }).check();
      await page.getByRole('button', { name: '次へ' }).click();
      // the vocabulary at the same min-count as on Datasets, built here to see its classes before going on
      await page.getByTestId('vocab-thresholds').waitFor();
      await page.getByRole('spinbutton', { name: '最小出現回数', exact: true }).fill(String(MIN_COUNT));
      await page.getByRole('button', { name: '語彙を今すぐ作成して編集する' }).click();
      const built = await page.getByTestId('vocab-built').innerText();
      expect(built).toContain(`シンセット ${sizeAtMinCount} 件`);
      expect(built).toContain(`最小出現回数 ${MIN_COUNT}`);
      expect(built).toMatch(/出現回数の多いシンセット: man\.n\.01 \(\d+\),.* dog\.n\.01 \(\d+\)/);
      await shot('07-wizard-vocabulary');
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByRole('radio', { name: /ViT-Tiny/ }).check();
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByRole('spinbutton', { name: '学習ステップ数' }).fill(String(STEPS));
      await page.getByRole('spinbutton', { name: /^バッチサイズ/ }).fill(String(BATCH));
      await page.getByText('詳細設定').click();
      await page.getByRole('combobox', { name: '計算バックエンド' }).selectOption('cpu');
      await page.getByRole('button', { name: '次へ' }).click();
      // the baseline stays: Compare, where the accuracy shows, compares CatLIP with it
      await expect(page.getByRole('checkbox', { name: /CLIP ベースライン/ }).isChecked()).resolves.toBe(true);
      await page.getByRole('button', { name: '次へ' }).click();
      // one evaluation per run: a linear probe on all labels of the labelled set
      await page.getByRole('radio', { name: /pets/ }).check();
      await expect(page.getByRole('checkbox', { name: '線形プローブ' }).isChecked()).resolves.toBe(true);
      await page.getByRole('checkbox', { name: 'ラベルの 10%' }).uncheck();
      await page.getByRole('checkbox', { name: 'Transfer Init でも評価する' }).uncheck();
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByRole('spinbutton', { name: 'GPU 1 時間あたりのコスト' }).waitFor();
      await page.getByRole('button', { name: '次へ' }).click();
      const review = await page.getByTestId('review').innerText();
      expect(review).toContain(`${STEPS} ステップ × ${BATCH} 枚`);
      expect(review).toContain('「pets」');
      expect(review).toContain('最後の実行の後に 2 件の評価を行います');
      await shot('08-wizard-review');
      await page.getByRole('button', { name: 'パイロットを開始' }).click();
      await heading(/^実行 \d+：CatLIP$/).waitFor();
    });

    it('trains CatLIP then CLIP to completion on the CPU', async () => {
      await waitForFirstLoss(page);
      await expect(page.getByTestId('backend').innerText()).resolves.toBe('cpu');
      const pilot = page.getByTestId('pilot');
      await pilot.getByText('このパイロットのすべての実行が終了しました。').waitFor({ timeout: 420_000 });
      await expect(pilot.locator('[data-status="completed"]').count()).resolves.toBe(2);
      await page.getByText(`${STEPS} ステップを完了しました`).waitFor();
      await shot('09-run-completed');
    });

    it('shows the planned linear probe of both runs on 比較, with a top-1 percentage', async () => {
      await page.getByRole('link', { name: '結果を比較する' }).click();
      await heading('比較').waitFor();
      await expect
        .poll(() => page.getByTestId('pilot-evaluations').innerText(), { timeout: 300_000, interval: 500 })
        .toContain('パイロットの評価が終わりました：2 件中 2 件成功。');
      const accuracy = page.getByTestId('accuracy');
      await expect(accuracy.innerText()).resolves.toContain('転移精度');
      const probe = page
        .getByTestId('accuracy-table')
        .locator('tr[data-method="linear-probe"][data-init="random"] td.top1');
      await expect.poll(() => probe.count(), { timeout: 30_000 }).toBe(2);
      for (const text of await probe.allInnerTexts()) expect(text).toMatch(/^\d+(\.\d)?%$/);
      await expect(page.getByTestId('accuracy-table').innerText()).resolves.toContain('線形プローブ');
      await shot('10-compare');
    });

    it('logged no errors in the browser console', () => {
      expect(app.problems, `the server's output:\n${server.output().slice(-4000)}`).toEqual([]);
    });
  },
);
