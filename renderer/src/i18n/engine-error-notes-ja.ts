import type { EngineErrorNoteId } from '../../../electron/shared/engine-error-notes.ts';

/**
 * The engine's catalogued error messages (electron/shared/engine-error-notes.ts) in Japanese, with the same
 * `{name}` parts. Typed by the engine's id list, so an error the engine adds without its Japanese text does not
 * compile; engine-text.test.ts checks each one's parts. CLI options stay as they are: they are what the user types.
 */
export const ENGINE_ERROR_NOTES_JA: Record<EngineErrorNoteId, string> = {
  'import.pathNotFound': 'データセットのパスが見つかりません：{path}',
  'import.cannotRead': '{path} を読めません（{detail}）',
  'import.notAFile': '{path} はファイルではありません',
  'import.notAFolder': '{path} はフォルダーではありません',
  'import.imageRoot': '画像フォルダ {root}：{reason}',
  'import.notCocoJson':
    '{file} は COCO キャプションのファイルではありません（先頭付近に "images" も "annotations" もありません）。1 行に 1 つの JSON オブジェクトのファイルなら、拡張子を .jsonl にしてください。形式は次のいずれかを指定してください：{formats}。',
  'import.unknownExtension':
    '拡張子（.{ext}）から {file} のデータセット形式を判別できません。形式は次のいずれかを指定してください：{formats}。',
  'import.undetectedFolder':
    'フォルダー {dir} のデータセット形式を判別できません（あったもの：{found}）。annotations/captions_*.json（coco）、.tar シャード（webdataset）、またはクラスごとの画像のサブフォルダー（imagefolder）が必要です。jsonl や csv は .jsonl/.csv ファイルそのものを指定してください。形式は次のいずれかを指定してください：{formats}。',
  'import.emojiHasNoPath':
    '絵文字のデモデータは組み込みで、パスからは読み込みません。デモのコマンドで準備してください。',
  'import.unknownFormat': '不明なデータセット形式です：{format}。形式は {formats}、auto のいずれかです。',
  'import.noCocoCaptions':
    '{root} に COCO キャプションのファイルがありません。annotations/captions_<split>.json が必要です',
  'import.cocoNotObject':
    '{file} は COCO キャプションのファイルではありません。JSON オブジェクトではありません（先頭：{start}）',
  'import.cocoNoAnnotations': '{file} に "annotations" の配列がありません。COCO キャプションのファイルではありません',
  'import.jsonTopLevel': '最上位が JSON オブジェクトではありません',
  'import.jsonUnreadable': '{file} を JSON として読めませんでした（{detail}）',
  'import.csvEmpty': '{file} が空です。ヘッダー行が必要です',
  'import.csvHeaderProblem': '{file}:{line}：ヘッダー行を読めません（{problem}）',
  'import.csvHeaderUnparsable': '{file}:{line}：ヘッダー行を解析できません',
  'import.csvMissingColumn':
    '{file}：ヘッダー行に {column} の列がありません（次のいずれかが必要です：{aliases}）。あった列：{found}',
  'import.noShards': '{dir} に .tar シャードがありません',
  'import.noShardMatch': '{dir} に {pattern} に一致するファイルがありません',
  'import.running': '「{dataset}」への取り込みはすでに実行中です。終わるまで待つか、キャンセルしてください',
  'import.cancelled': '「{dataset}」への取り込みをキャンセルしました',
  'dataset.notFound': '「{name}」という名前のデータセットはありません（あるもの：{names}）',
  'dataset.noneImported': '「{name}」という名前のデータセットはありません（まだ何も取り込まれていません）',
  'dataset.invalidName':
    "データセット名「{name}」は使えません。英数字・'.'・'_'・'-' の 1〜64 文字で、英数字で始めてください",
  'dataset.kindConflict':
    'データセット「{name}」は {existing} のデータを持っていますが、このソースは {kind} です。別の名前で取り込んでください',
  'dataset.sizeConflict':
    'データセット「{name}」は {size} px でキャッシュされています。画像サイズ {size} で取り込み直すか、別の名前にしてください',
  'dataset.labelledQuality': 'データセット「{name}」はラベル付きです。データ品質はキャプションについて調べるものです',
  'view.exists':
    'データセット「{name}」にはすでにビュー「{view}」があります（ビューは変更できません。別の名前にしてください）',
  'view.empty': 'このフィルターでは「{name}」の学習用アイテムが 1 つも残りません。条件を緩めてください',
  'view.notFound': 'データセット「{name}」にビュー「{view}」はありません（あるビュー：{views}）',
  'view.noneYet':
    'データセット「{name}」にビュー「{view}」はありません（ビューがまだありません。先に作成してください）',
  'view.labelled': 'データセット「{name}」はラベル付きです。ビューはキャプションのデータセットを絞り込むものです',
  'vocab.curveLabelled': 'データセット「{name}」はラベル付きです。語彙はキャプションから作ります',
  'vocab.labelled':
    'データセット「{name}」はラベル付き（クラスごとのフォルダー）です。語彙は画像とキャプションのデータから作ります',
  'vocab.notFound': '語彙 {id} はありません',
  'vocab.noSynset': '「{ref}」という WordNet の名詞シンセットはありません（名前は car.n.01 のような形です）',
  'vocab.noClass':
    '「{ref}」に当たるクラスが 1 つに決まりません。シンセット（car.n.01）かクラスのキー（ja:戸棚、en:ourbrand、custom:NAME）を指定してください',
  'train.labelled':
    'データセット「{name}」はラベル付きです。事前学習には画像とキャプションのデータセットを使ってください',
  'train.batchTooLarge':
    'バッチ {batch} は「{name}」の学習用アイテム数 {items} より大きいです。バッチを {max} 以下にしてください',
  'train.batchTooLargeView':
    'バッチ {batch} は「{name}」のビュー「{view}」の学習用アイテム数 {items} より大きいです。バッチを {max} 以下にしてください',
  'train.stepsOrEpochs': 'ステップ数かエポック数のどちらか一方を指定してください',
  'train.patchSize': '画像サイズ {size} がパッチサイズ {patch} の倍数ではありません',
  'train.vocabNotOfDataset': '語彙 {vocabulary} は「{name}」の語彙ではありません',
  'train.vocabEmpty': '「{name}」の語彙 {vocabulary} は空です。語彙の最小出現回数を下げて作り直してください',
  'train.pinnedDevice':
    'デバイス「{device}」に固定した実行には、そのデバイスを見つけたバックエンド（webgpu、tensorflow、cpu）を指定してください。auto は使えません',
  'train.alreadyRunning': '実行 {run} はすでに実行中です',
  'train.alreadyCompleted': '実行 {run} はすでに完了しています',
  'train.noTrainer': '実行 {run} の学習はこのアプリで動いていません',
  'train.batchOverItems':
    'バッチサイズ {batch} は学習用アイテム数 {count} より大きいです。バッチを {max} 以下にしてください',
  'train.labelledSet': 'データセット「{name}」はラベル付きです。事前学習には画像とキャプションのデータが必要です',
  'train.noItems': 'データセット「{name}」に学習用アイテムがありません',
  'train.noItemsInView': 'データセット「{name}」（ビュー「{view}」）に学習用アイテムがありません',
  'train.vocabNotBelong': '語彙 {vocabulary} はデータセット「{name}」のものではありません',
  'train.wasmHeap':
    'バッチ {batch} の {objective} には約 {gib} GiB の活性化メモリが必要で、wasm バックエンドのヒープ（4 GiB）に収まりません。バッチを {max} 以下にするか、別のバックエンドを使ってください',
  'run.notFound': '実行 {id} はありません',
  'eval.captionDataset':
    'データセット「{name}」は画像とキャプションのデータです。評価にはラベル付き（ImageFolder）のデータセットが必要です',
  'eval.fewClasses': 'データセット「{name}」のクラスは {count} 個です。分類には 2 個以上必要です',
  'eval.noTrainItems': 'データセット「{name}」に train のアイテムがありません',
  'eval.noTestItems': 'データセット「{name}」に測定用の test（または val）のアイテムがありません',
  'eval.vocabGone': '語彙 {id} はもうありません',
  'eval.notFound': '評価 {id} はありません',
  'eval.noCheckpoint':
    '実行 {run} にはまだチェックポイントがありません（状態：{status}）。先に学習するか再開してください',
  'eval.runVocabGone': '実行 {run} の語彙 {vocabulary} はもうありません',
  'eval.lossDiverged': 'ファインチューニングの損失がステップ {step} で {loss} になりました。学習率を下げてください',
  'eval.misplacedOption': '{method} では --{option} は指定できません',
  'eval.zeroShotInit': 'zero-shot はヘッドを学習しないため、初期化（--init）は指定できません',
  'eval.zeroShotFraction': 'zero-shot は学習用アイテムを使わないため、割合（--fraction）は指定できません',
  'eval.needsInit': '{method} は新しいヘッドを学習します。初期化は random か transfer を指定してください',
  'eval.zeroShotSave': 'zero-shot は保存するものを学習しません。保存できるのは finetune か linear-probe です',
  'eval.nameWithoutSave': '--name は保存するモデルの名前です。--save も指定してください',
  'model.nameTaken': '「{name}」という名前の保存済みモデルがすでにあります。別の名前にしてください',
  'eval.correctionNotCatlip':
    'zero-shot の補正は CatLIP のシンセットのスコアを補正するものです。実行 {run} は {objective} の実行です',
  'eval.transferNotCatlip':
    'Transfer Init は CatLIP のシンセット分類器からヘッドを始めます。実行 {run} は {objective} の実行です（初期化は random にしてください）',
  'eval.noClassMatches':
    '「{name}」のどのクラスも実行 {run} の語彙のシンセットに一致しないため、CatLIP は zero-shot で採点できません',
  'eval.noClassTokens': '「{name}」のどのクラス名にも、この実行のトークナイザーが知っているトークンがありません',
  'model.notFound': '保存済みモデル {id} はありません',
  'model.otherRun': '保存済みモデル {model} は実行 {trainedFrom} から学習したもので、実行 {run} のものではありません',
  'model.weightsUnreadable': '保存済みモデルの重みファイル {file} を読めません（{detail}）',
  'model.weightsChanged': '保存済みモデルの重みファイル {file} が保存後に変更されています（sha256 が一致しません）',
  'model.notAModel': '{file} は保存済みモデルではありません',
  'predict.tooLarge': '画像：{bytes} バイトで、アップロードの上限 {limit} MiB を超えています',
  'predict.fileTooLarge': '{file} は {bytes} バイトで、画像の上限 {limit} MiB を超えています',
  'predict.cannotRead': '{file} を読めません（{detail}）',
  'predict.badImage': '画像を読めません：{detail}',
  'compare.sameRun': '異なる 2 つの実行を指定してください（実行 {run} が 2 回指定されています）',
  'compare.hardware':
    '実行 {catlip}（catlip）と {baseline}（{objective}）は異なるハードウェアで学習しました（{catlipHardware} と {baselineHardware}）。速度向上にハードウェアの違いと目的関数の違いが混ざります。両方を同じデバイスで学習する（パイロットは最初の実行のデバイスに固定します）か、違いを承知で比較してください',
  'compare.objectives':
    '比較には CatLIP の実行 1 つと CLIP または SuperClass の実行 1 つが必要です。実行 {a} と {b} は {objectiveA} と {objectiveB} です',
  'compare.unfinished': '比較には完了した実行が必要です：{runs}',
  'compare.runRunning': '実行 {run} は実行中です（{done}/{total} ステップ）',
  'compare.runNotDone': '実行 {run} は {status} です（{done}/{total} ステップ。再開してください）',
  'compare.notComparable':
    '実行 {catlip}（catlip）と {baseline}（{objective}）は比較できません：{differences}。両方を同じモデル・画像サイズ・パッチサイズ・データセット・ビュー・バッチで学習してください',
  'compare.noSteps': '実行 {run} には学習ステップも計算時間も記録されていません',
  'projection.noMemory':
    '実行 {run} の {objective} ネットワークは 1 ステップ 1 画像でも GPU 1 台あたり約 {gib} GiB 必要ですが、計画の GPU のメモリは {memory} GiB です（--plan-gpu-memory）',
  'repeats.twice': '実行 {run} が比較する実行とその繰り返しの中で 2 回指定されています',
  'report.uneven':
    'レポート：各シードの繰り返しの実行は、数と順番を元の実行に合わせてください（{count} 個：CatLIP、CLIP[、SuperClass]）。指定：{got}',
  'report.twice': 'レポート：異なる実行を指定してください（実行 {run} が 2 回指定されています）',
  'report.unfinished': 'レポート：完了した実行が必要です：{runs}',
  'report.runState': '実行 {run} は {status} です（{done}/{total} ステップ）',
  'report.notFound': 'レポート {id} はありません',
  'report.fileGone': 'レポート {id}：ファイル {path} はもうありません',
  'export.notCatlip': '実行 {run} は {objective} の実行です。CoreNet へのエクスポートは CatLIP の実行だけが対象です',
  'export.vocabEmpty': '語彙 {id} は空です',
  'export.vocabGone': '語彙 {id} はありません',
  'export.planGpus':
    'GPU 数を指定してください：計画の GPU 数（ノード数と一緒に）、またはノード数とノードあたりの GPU 数',
  'export.gpuSplit':
    '計画の GPU {gpus} 台は {nodes} ノード × {perNode} GPU に分けられません。積が {gpus} になるノード数とノードあたりの GPU 数を指定してください',
  'export.cannotWrite': '重みのエクスポート：{out} に書き込めません（{detail}）',
  'browse.outside': '{path} はこのサーバーが表示できるフォルダー（{roots}）の中にありません',
  'browse.cannotList': '{dir} の中身を一覧できません（{detail}）',
  'report.fileGoneServe': 'レポート {id} のファイル（{file}）がありません。もう一度エクスポートしてください',
  'archive.missing': 'files[{index}]：{file} はもうありません。もう一度エクスポートしてください',
  'archive.notFile': 'files[{index}]：{file} は通常のファイルではありません',
  'archive.tooLarge': 'ファイルが合計 {limit} MiB を超えています。別の方法でダウンロードしてください',
  'archive.sameName': 'files[{index}]：{name} という名前のファイルが 2 つあります',
  'compare.diffEncoders': '画像エンコーダーが違います（{encoders}）',
  'compare.diffModel': 'モデル {a} と {b}',
  'compare.diffImageSize': '画像サイズ {a} と {b}',
  'compare.diffPatchSize': 'パッチサイズ {a} と {b}',
  'compare.diffDatasets': 'データセットが違います（{a} と {b}）',
  'compare.diffBatch': 'バッチサイズが違います（{a} と {b}）',
  'compare.diffViews': '学習データが違います（{a} と {b}）',
  'compare.wholeDataset': 'データセット全体',
  'compare.view': 'ビュー「{view}」',
  'repeats.notRepeat':
    '実行 {catlip},{baseline} は {firstCatlip},{firstBaseline} をシードだけ変えた繰り返しではありません：{why}',
  'repeats.objective': '実行 {run} は {objective}、実行 {first} は {firstObjective} です',
  'repeats.setting': '実行 {run} の {key} が実行 {first} と違います',
  'repeats.hardware':
    '実行 {run} は {device} の {backend}、実行 {first} は {firstDevice} の {firstBackend} で学習しました',
  'export.vitMode':
    'モデル {model} に対応する CoreNet の ViT モードがありません（CoreNet のモード：{modes}。vit-s16 = small、vit-b16 = base）。本番のモデルを ViT モードで選んでください',
  'store.newerSchema':
    'データベースのスキーマのバージョン {current} は、このアプリが扱える {latest} より新しいです。CatLIP Pilot を更新してください',
  'export.japaneseCaptions':
    '実行 {run} は日本語のキャプションを含む「{dataset}」で学習しました。CoreNet 自身のラベル付けは英語しか読めず、クラスが 1 つも付きません。代わりにサンプルごとの計算済みラベルをエクスポートしてください。CoreNet はキャプションを自分でラベル付けする代わりにそれを読みます（ラベルの方式で「計算済み」を選びます）。',
  'export.lemmaClasses':
    '語彙 {id} には、CoreNet 自身の英語のラベル付けでは再現できない見出し語クラスが {count} 個あります（{lemmas}）。CoreNet はキャプションの単語を WordNet のシンセットにしか対応付けません。見出し語クラスなしで語彙を作り直す（または語をシンセットに対応付ける）と、その語彙で学習した実行をエクスポートできます。または、サンプルごとの計算済みラベルをエクスポートしてください。CoreNet はキャプションを自分でラベル付けする代わりにそれを読みます（ラベルの方式で「計算済み」を選びます）。',
  'export.editedVocabulary':
    '語彙 {id} は編集した業務用の版（編集 {edits} 件）で、CoreNet 自身のラベル付けでは再現できません。CoreNet は編集を反映せずにキャプションをラベル付けします。または、サンプルごとの計算済みラベルをエクスポートしてください。CoreNet はキャプションを自分でラベル付けする代わりにそれを読みます（ラベルの方式で「計算済み」を選びます）。',
  'export.planMissing': '本番の計画に {missing} が必要です（比較で保存した計画を使うこともできます）',
  'report.orderCatlip':
    'レポート：1 つ目の実行は CatLIP の実行にしてください（実行 {run} は {objective} です）。実行は CatLIP、CLIP[、SuperClass] の順に指定してください',
  'report.orderClip':
    'レポート：2 つ目の実行は CLIP のベースラインにしてください（実行 {run} は {objective} です）。実行は CatLIP、CLIP[、SuperClass] の順に指定してください',
  'report.orderSuperclass':
    'レポート：3 つ目の実行は SuperClass のベースラインにしてください（実行 {run} は {objective} です）。実行は CatLIP、CLIP[、SuperClass] の順に指定してください',
};
