import type { EngineNoteId } from '../../../electron/shared/engine-notes.ts';

/**
 * The engine's cost, TCO and estimate notes (electron/shared/engine-notes.ts) in Japanese, with the same
 * `{name}` parts. Typed by the engine's id list, so a note the engine adds without its Japanese text does not
 * compile; engine-text.test.ts also checks each one's parts and that it is shown translated. CLI options stay
 * as they are: they are what the user types.
 */
export const ENGINE_NOTES_JA: Record<EngineNoteId, string> = {
  'compare.hardwareMismatch':
    '2 つの実行は異なるハードウェアで学習しました（{catlip} と {baseline}）。速度向上にはハードウェアの違いと目的関数の違いが混ざっています',
  'compare.notOnGpu':
    '実行 {run} は GPU で学習していません（{reason}）。その「GPU 時間」はそのデバイスの稼働時間で、試算は GPU がそれと同じ速さだと仮定しています',
  'compare.energyOneRun': '電力量を計測できたのは片方の実行だけです。電力コストは比較できません',
  'accelerator.neverStarted': 'この実行はバックエンドを起動していません',
  'accelerator.cpu': '{device} 上の tfjs CPU バックエンド',
  'accelerator.wasm': '{device} 上の tfjs WebAssembly バックエンド',
  'accelerator.tensorflowCpu': '{device} は CPU で計算します',
  'accelerator.webgpuSoftware': 'ソフトウェアアダプター（{device}）上の WebGPU は CPU で計算します',
  'accelerator.unknownBackend': '不明なバックエンド {backend}',
  'projection.missing.images': '計画の画像数（--plan-images N）',
  'projection.missing.epochs': '計画のエポック数（--plan-epochs E）',
  'projection.missing.gpus': '計画の GPU 数（--plan-gpus K）',
  'projection.missing.bandwidth': 'CLIP の all-gather に使うインターコネクト帯域（--bandwidth GBPS）',
  'projection.noGpuPrice': 'GPU 単価が未設定です（--gpu-cost-per-hour）。コストは算出していません',
  'projection.energyNotMeasured': '電力コストは含まれていません。パイロットの電力量が計測されていません',
  'projection.noElectricityPrice': '電力コストは含まれていません。電気料金が未設定です（--electricity-per-kwh）',
  'tco.missing.engineerRate': 'エンジニアの時間単価（--engineer-rate）',
  'tco.missing.setupHours': 'パイロットの準備時間（--setup-hours）',
  'tco.missing.dataPrepHours': 'データ準備時間（--data-prep-hours。取り込み時間が記録されていません）',
  'tco.missing.supervisionHours': '本番学習 1 回あたりの監視時間（--supervision-hours-per-training）',
  'tco.missing.hardwarePrice': 'オンプレミスの GPU 1 台あたりのハードウェア価格（--hardware-price）',
  'tco.missing.amortisationYears': 'オンプレミスの償却年数（--amortisation-years）',
  'tco.missing.utilisation': 'オンプレミスの稼働率（--utilisation）',
  'tco.missing.electricityPrice': 'オンプレミスの 1 kWh あたりの電気料金（--electricity-per-kwh）',
  'tco.missing.powerWatts':
    'オンプレミスの GPU 1 台あたりの消費電力（W）（--power-watts。パイロットの電力量が計測されていません）',
  'tco.missing.gpuPrice':
    'GPU の価格：クラウドの時間単価（--gpu-cost-per-hour）、またはオンプレミスのハードウェア価格・償却年数・稼働率（--hardware-price、--amortisation-years、--utilisation）',
  'tco.noMigration': '移行工数が未入力です（--migration-hours）。損益分岐はパイロットの費用だけで計算しています',
  'tco.noStoragePrice':
    'ストレージは含まれていません。TB・月あたりのストレージ単価が未設定です（--storage-per-tb-month）',
  'tco.noStorageSize': '本番のストレージは含まれていません。データ量（TB）が未設定です（--storage-tb）',
  'tco.cloudPower': 'クラウド：GPU 単価に電力が含まれるものとし、電力はオンプレミスでのみ計上しています',
  'roots.outside':
    '{field}：「{path}」はこのサーバーが使えるフォルダー（{roots}）の外にあります。使うには serve を --allow-path FOLDER 付きで起動し直してください',
  'skip.cocoImageWithoutId': 'id と file_name のない画像エントリー',
  'skip.annotationNotObject': '注釈がオブジェクトではありません',
  'skip.imageIdNotInImages': 'image_id {id} が "images" にありません',
  'skip.missingCaption': 'キャプションがありません',
  'skip.notRegularFile': '通常のファイルではありません',
  'skip.noExtension': '画像ファイルではありません（拡張子なし）',
  'skip.notImage': '画像ファイルではありません（.{ext}）',
  'skip.missingImageField': '画像の列がありません（次のいずれかが必要です：{fields}）',
  'skip.imageFieldNotString': '画像の列が文字列ではありません（値：{value}）',
  'skip.emptyImageField': '画像の列が空です',
  'skip.missingCaptionField': 'キャプションの列がありません（次のいずれかが必要です：{fields}）',
  'skip.emptyCaptionList': 'キャプションのリストが空です',
  'estimate.fp32': 'メモリと FLOPs は fp32 学習の推定値です。時間はこのマシンで計測した実行だけから求めています',
  'estimate.noVocabulary':
    '「{dataset}」の語彙はまだ作成されていません。CatLIP のヘッドは {synsets} 個のシンセットとして見積もっています',
};
