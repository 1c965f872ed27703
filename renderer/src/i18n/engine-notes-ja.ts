import type { EngineNoteId } from '../../../electron/shared/engine-notes.ts';
import { ENGINE_ERROR_NOTES_JA } from './engine-error-notes-ja.ts';

/**
 * The engine's cost, TCO and estimate notes (electron/shared/engine-notes.ts) in Japanese, with the same
 * `{name}` parts. Typed by the engine's id list, so a note the engine adds without its Japanese text does not
 * compile; engine-text.test.ts also checks each one's parts and that it is shown translated. CLI options stay
 * as they are: they are what the user types.
 */
/** How to allow images kept elsewhere (the import form's "Image folders", or --image-root on the command line). */
const IMAGE_ROOT_HINT_JA =
  '別のフォルダーの画像を使うには、そのフォルダーを画像フォルダーとして指定してください（取り込みフォームの「画像フォルダ」、または --image-root DIR）';

export const ENGINE_NOTES_JA: Record<EngineNoteId, string> = {
  ...ENGINE_ERROR_NOTES_JA,
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
  'skip.captionNotString': 'キャプションが文字列ではありません',
  'skip.captionNotStringAt': 'キャプションが文字列ではありません（caption[{index}]）',
  'skip.captionNotStringGot': 'キャプションが文字列ではありません（値：{value}）',
  'skip.emptyCaption': 'キャプションが空です',
  'skip.emptyCaptionAt': 'キャプションが空です（caption[{index}]）',
  'skip.noAnnotation': 'キャプションなし（画像 ID {id} に {file} の注釈がありません）',
  'skip.notListed': 'キャプションなし（画像が {file} に載っていません）',
  'skip.symlinkClassFolder': 'シンボリックリンクはたどりません（クラスのフォルダーは実フォルダーにしてください）',
  'skip.noClassFolder': 'クラスのフォルダーの中にありません',
  'skip.invalidJson': 'JSON として読めません（{detail}）',
  'skip.notJsonObject': 'JSON オブジェクトではありません',
  'line.tooLong': '行が {bytes} バイトを超えています',
  'line.notUtf8': 'UTF-8 として正しくありません',
  'csv.quoteNotDoubled': '引用符が不正です。引用符で囲んだ列の中の引用符は 2 つ重ねてください（""）',
  'csv.quoteInUnquoted': '引用符が不正です。引用符で囲んでいない列の中に引用符があります',
  'csv.quoteNeverClosed': '引用符が不正です。引用符で囲んだ列が閉じていません',
  'csv.malformedRowDetail': '行の形式が不正です（{detail}）',
  'csv.malformedRow': '行の形式が不正です',
  'csv.columnCount': '列数が {expected} のはずですが、{found} 列あります',
  'wds.shardUnreadable': 'シャードを読めません（{detail}）',
  'wds.tarTruncatedMember':
    'tar が途中で切れています。{members} 個のメンバーの後、メンバーの途中で終わっていて、残りがありません',
  'wds.tarUnreadable':
    '{members} 個のメンバーの後、tar を読めなくなりました（{detail}）。アーカイブの残りは読み飛ばしました',
  'wds.tarNoEndMarker':
    'tar が途中で切れています。{members} 個のメンバーの後にアーカイブの終端がありません。その後のサンプルが欠けている可能性があります',
  'wds.sampleIncomplete': '{reason}（サンプル {key} は不完全な可能性があるため取り込んでいません）',
  'wds.sampleTooLarge': 'サンプルが上限の {limit} バイトを超えています（このキーで {bytes} バイト）',
  'wds.tooManyMembers': 'このキーを共有するメンバーが {count} 個を超えています',
  'wds.memberNameEmpty': 'メンバー名が空です',
  'wds.memberNameNul': 'メンバー名に NUL バイトが含まれています：{member}',
  'wds.memberNameAbsolute': 'メンバー名が絶対パスです：{member}',
  'wds.memberNameDotDot': "メンバー名に '..' が含まれています：{member}",
  'wds.memberTooLarge': 'メンバーが {limit} バイトを超えています：{member}',
  'wds.symlinkMember': 'シンボリックリンクのメンバーは取り込みません：{member} -> {target}',
  'wds.hardLinkMember': 'ハードリンクのメンバーは取り込みません：{member} -> {target}',
  'wds.notRegularMember': '通常のファイルではありません（{type}）：{member}',
  'wds.noImageMember': '画像のメンバーがありません（あったもの：{members}）',
  'wds.captionNotUtf8': 'キャプションが UTF-8 として正しくありません：{member}',
  'wds.emptyCaption': 'キャプションが空です：{member}',
  'wds.noCaptionMember': 'キャプションがありません（.txt も .json のメンバーもありません）',
  'wds.jsonNotUtf8': 'UTF-8 として正しくありません：{member}',
  'wds.invalidJson': '{member} を JSON として読めません（{detail}）',
  'wds.noCaptionInJson':
    'キャプションがありません（.txt のメンバーがなく、{member} にキャプションの文字列がありません）',
  'wds.emptyCaptionInJson': '{member} のキャプションが空です',
  'path.datasetFolder': 'データセットのフォルダー',
  'path.datasetFolderAndRoots': 'データセットのフォルダーと画像フォルダー',
  'path.nulByte': '画像のパスに NUL バイトが含まれています',
  'path.remoteUrl': 'リモートの URL は取り込みません（先に画像をダウンロードしてください）：{path}',
  'path.invalidFileUrl': 'file URL が不正です：{path}（{detail}）',
  'path.absoluteOutside': '{folder}の外を指す絶対パスです：{path}',
  'path.absoluteOutsideHint': `{folder}の外を指す絶対パスです：{path}（${IMAGE_ROOT_HINT_JA}）`,
  'path.escapes': 'パスが{folder}の外に出ています：{path}',
  'path.escapesHint': `パスが{folder}の外に出ています：{path}（${IMAGE_ROOT_HINT_JA}）`,
  'path.symlinkOutside': 'シンボリックリンクが{folder}の外を指しています：{path} -> {target}',
  'path.symlinkOutsideHint': `シンボリックリンクが{folder}の外を指しています：{path} -> {target}（${IMAGE_ROOT_HINT_JA}）`,
  'path.fileNotFound': 'ファイルが見つかりません：{path}',
  'path.symlinkLoop': 'シンボリックリンクがループしています：{path}',
  'path.cannotOpen': '開けません：{path}（{detail}）',
  'path.notRegularFile': '通常のファイルではありません：{path}',
  'estimate.fp32': 'メモリと FLOPs は fp32 学習の推定値です。時間はこのマシンで計測した実行だけから求めています',
  'estimate.noVocabulary':
    '「{dataset}」の語彙はまだ作成されていません。CatLIP のヘッドは {synsets} 個のシンセットとして見積もっています',
};
