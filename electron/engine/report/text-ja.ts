import type { ReportText } from './report-text.js';

/** 日本語の報告書（経営層向けの平易なビジネス文書として書いています）。 */
export const JA: ReportText = {
  title: (dataset) => `CatLIP パイロット報告書：${dataset} における CatLIP と CLIP の比較`,
  subtitle: (runs, date) => `対象ラン：${runs}　作成日時：${date}`,
  footer: 'CatLIP Pilot　経営報告書',
  role: { catlip: 'CatLIP', clip: 'CLIP', superclass: 'SuperClass' },
  runLabel: (role, id) => `${role}（ラン ${id}）`,
  method: { 'linear-probe': '線形プローブ', finetune: 'ファインチューニング', 'zero-shot': 'ゼロショット' },
  init: { random: 'ランダム初期化', transfer: 'Transfer Init', none: '–' },
  labels: (percent) => `ラベル ${percent} 使用`,

  section: {
    summary: '要旨',
    results: '主要指標',
    accuracy: '転移学習の精度',
    time: '学習時間とコスト（実測）',
    projection: '本番規模での試算',
    curves: '学習曲線',
    settings: '各ランの設定',
    costSettings: 'コスト設定',
    assumptions: '試算の前提条件',
    notes: '注意事項',
    glossary: '用語集',
  },

  hardwareMismatch: (p) =>
    `ご注意：以下の速度差には、機器の違いと学習方式の違いが混ざっています。CatLIP は ${p.catlip}、${p.baselineName} は ${p.baseline} と異なる機器で学習したため、学習方式だけの効果を示す値ではありません。`,
  scope: (p) =>
    `本報告書では ${p.runs}を比較しました。画像エンコーダー（${p.model}、${p.imageSize} px、パッチ ${p.patch}）、データセット（${p.dataset}、各ラン ${p.images} 枚を学習）、バッチサイズ（${p.batch}）${p.sameHardware ? 'をそろえているため、違いは学習方式のみです。' : 'はそろえていますが、学習した機器は異なります（冒頭の注意を参照）。'}`,
  twoDevices: (p) => `${p.catlip}（CatLIP）と ${p.baseline}（${p.baselineName}）`,
  speed: (p) =>
    `${p.device} での学習速度は、CatLIP が ${p.catlipRate}、${p.baseline} が ${p.baselineRate}でした。画像 1 枚あたりの学習時間で比べると、CatLIP は ${p.baseline} より ${p.ratio}${p.faster ? '高速' : '低速'}です${p.computeRatio ? `（計算時間のみで比べると ${p.computeRatio}）` : ''}。${p.interval ? `${p.interval}。` : ''}`,
  accuracy: (p) =>
    `転移精度（${p.dataset}、${p.method}、${p.init}、${p.labels}）：CatLIP ${p.catlip}、${p.baselineName} ${p.baseline}。${p.sign === 0 ? '両者は同じ精度でした' : `CatLIP が ${p.diff.replace(/^[+−]/, '')}${p.sign > 0 ? '上回りました' : '下回りました'}`}${p.interval ? `（${p.interval}）` : ''}。`,
  interval: (p) =>
    `${p.method === 't-over-seeds' ? `${p.n} シードの平均は ${p.mean}、シード間の t 区間による 95% 区間は ${p.low}〜${p.high}` : `シード 1 つでのテスト画像のブートストラップによる 95% 区間は ${p.low}〜${p.high}`}${p.withinNoise ? '、差は誤差の範囲内です' : ''}`,
  transferInit: (p) =>
    `Transfer Init（CatLIP のシンセット分類器の重みから下流の分類器を初期化する方法）を用いると、CatLIP は ${p.dataset}（${p.labels}）で ${p.catlip} の精度を達成しました${p.reference ? `（${p.reference.name} のランダム初期化の線形プローブは ${p.reference.value}）` : ''}。`,
  notEvaluated:
    '転移学習の精度はまだ評価されていません。同じ下流データセット・評価方法・ラベル割合で両方のランを評価すると（比較画面または catlip-pilot eval）、ここに差が表示されます。',
  pilotCost: (p) =>
    `パイロット自体の計算資源は、${p.hours.map((h) => `${h.name} が ${h.value} GPU 時間`).join('、')}でした${p.costs ? `（費用は ${p.costs.map((c) => `${c.name} ${c.value}`).join('、')}）` : ''}。`,
  projectedCost: (p) =>
    `本番規模の計画（${p.plan}）に当てはめると、費用は CatLIP が ${p.catlip}、${p.baselineName} が ${p.baseline} と試算され、${p.saving}（${p.savingShare}）の削減、${p.speedup}の高速化が見込まれます。これは実測ではなくパイロットの測定値に基づく試算であり、前提条件は後述のとおりです。`,
  projectedHours: (p) =>
    `本番規模の計画（${p.plan}）に当てはめると、必要な計算資源は CatLIP が ${p.catlip} GPU 時間、${p.baselineName} が ${p.baseline} GPU 時間と試算され、${p.speedup}の高速化が見込まれます。GPU 単価が未設定のため、費用は算出していません。これは実測ではなく試算です。`,
  notProjected: (missing) =>
    `本番規模のコストはまだ試算できません。計画値として${missing}の設定が必要です（比較画面、または catlip-pilot compare … --save で設定できます）。`,
  plan: (p) => `${p.images} 枚 × ${p.epochs} エポック、GPU ${p.gpus} 台`,
  planInput: {
    '--plan-images': '学習画像数（--plan-images）',
    '--plan-epochs': 'エポック数（--plan-epochs）',
    '--plan-gpus': 'GPU 台数（--plan-gpus）',
    '--bandwidth': 'CLIP の all-gather に使う GPU 間の通信帯域（--bandwidth）',
  },
  notOnGpu: (p) =>
    `ご注意：${p.runs}は GPU ではなく ${p.devices} で学習しました。高速化の倍率はこの機器での値であり、「GPU 時間」はこの機器の使用時間です。`,

  metric: '指標',
  table: {
    steps: '学習ステップ数',
    images: '学習した画像枚数',
    firstLoss: '損失（最初のステップ）',
    lastLoss: '損失（最終ステップ）',
    bestLoss: '損失（最小値）',
    throughput: '学習速度（実時間ベース）',
    peakThroughput: '学習速度（最速ステップ）',
    stepData: '1 ステップあたりのデータ読み込み',
    stepCompute: '1 ステップあたりの計算',
    peakMemory: '最大メモリ使用量',
    dataTime: 'データ読み込み',
    computeTime: '計算',
    checkpointTime: 'チェックポイント保存',
    wallTime: '所要時間（合計）',
    computeThroughput: '学習速度（計算時間ベース）',
    gpuHours: 'GPU 時間',
    gpuCost: 'GPU 費用',
    energy: '電力量',
    energyCost: '電気代',
    dataset: 'データセット',
    method: '評価方法',
    init: '初期化',
    labelShare: 'ラベル',
    difference: (name) => `CatLIP − ${name}`,
    imagesToProcess: '処理する画像枚数',
    projectedGpus: 'GPU 台数',
    perGpuBatch: 'GPU あたりのバッチ',
    memoryPerGpu: 'GPU あたりのメモリ（fp32 推定）',
    globalBatch: 'グローバルバッチ',
    projectedSteps: 'ステップ数',
    projectedCompute: '計算時間',
    allGather: '埋め込みの all-gather',
    projectedWall: '所要時間',
    projectedGpuHours: 'GPU 時間',
    projectedCost: '費用',
    speedup: 'CatLIP の高速化倍率',
  },
  notMeasured: '未計測',
  none: 'なし',
  lossNote:
    '学習方式ごとに損失関数が異なる（CatLIP はシンセットに対する二値交差エントロピー、CLIP は対照損失）ため、損失の値は同じラン内でのみ比較できます。',
  zeroShotNote:
    'ゼロショット：CLIP は各クラスをプロンプトのアンサンブル（CLIP の ImageNet 評価と同じく 8 種類のテンプレート）で評価します。CatLIP のゼロショット（事前学習ヘッドにおけるシンセットのロジットでクラスを評価する方法）は本アプリ独自の拡張であり、CatLIP 論文の結果ではありません（論文は線形プローブとファインチューニングで転移性能を評価しています）。',
  accuracyNote:
    '下流データセットのテスト分割における Top-1 精度です。各条件について最新の評価結果を示し、差はポイント（百分率の差）で表しています。',
  detail: {
    note: '各結果の算出方法です。線形プローブは収束するまで学習し、L2 正則化の強さは学習用ラベルから分けた検証用データで選んでいます。収束したプローブの結果は初期ヘッドに依存しません。Transfer Init は事前学習での偏り（出現頻度）を取り除き、下流タスクで偏りのない状態から始めます。CatLIP のゼロショットは、事前学習キャプションでの各シンセットの出現頻度による補正か、評価データのラベルなし画像によるクラスごとの較正のどちらかを行い（どちらかを明記）、語彙がクラスを区別できない場合はその旨を示します。',
    run: '実行',
    test: '評価',
    how: '算出方法',
    separator: '、',
    probe: ({ l2, chosenBy, converged, iterations }) =>
      `L2 ${l2}（${chosenBy === 'validation' ? '検証用データで選択' : chosenBy === 'fixed' ? '固定値' : 'ラベルが少なく検証用に分けられないため既定値'}）、${converged ? '収束済み' : `${iterations} 回の反復で未収束`}`,
    transferScale: (scale) => `転移した重みを ${scale} 倍に調整`,
    headWarmup: (steps) => `ヘッドのみのウォームアップ ${steps} ステップ`,
    zeroShotPrior: (uncorrected) => `事前学習でのシンセット出現頻度で補正（補正前 ${uncorrected}）`,
    zeroShotDownstream: (uncorrected, images) =>
      `評価データのラベルなし画像 ${images} 枚でクラスごとに較正、ラベルは不使用（補正前 ${uncorrected}）`,
    zeroShotUncorrected: '補正なしのロジット',
    zeroShotWarning: (w) =>
      `参考になりません：${
        w.kind === 'no-synset'
          ? `${w.classes.join('、')} はこの語彙にシンセットがありません`
          : w.kind === 'shared-synset'
            ? `${w.classes.join('、')} は同じシンセット ${(w.synsets ?? []).join(' + ')} を共有しています`
            : `${w.classes.map((c, i) => `${c}（${w.synsets?.[i] ?? '?'}）`).join('、')} はそのクラスの上位概念ではない近縁のシンセットで評価されています`
      }`,
    zeroShotReachable: (top1) => `この語彙で到達できる top-1 は最大 ${top1}`,
  },
  timeIntro: (p) =>
    `学習プロセスが ${p.device}（${p.backend}）上で計測した値です。所要時間はデータ読み込み・計算・チェックポイント保存の合計で、一時停止中の時間は含みません。`,
  speedupLine: (p) =>
    `${p.baseline} に対する CatLIP の画像 1 枚あたりの高速化倍率：実時間で ${p.wall}、計算時間で ${p.compute}。`,
  projectionLabel: '以下は試算です。パイロットの測定値からモデルで算出した見積もりであり、実測値ではありません。',
  projectionIntro: (p) =>
    `計画：${p.plan}。方式ごとの GPU 台数・バッチ・ステップ数は表に、その根拠は前提条件に示します。`,
  costNotes: {
    noPrice: 'GPU 単価が未設定のため、GPU 時間のみを試算し、費用は算出していません。',
    noEnergy: 'パイロットで電力量を計測していないため、電気代は含めていません。',
    noElectricity: '電気料金が未設定のため、電気代は含めていません。',
  },

  settings: {
    parameter: '設定項目',
    dataset: 'データセット',
    objective: '学習方式',
    model: 'モデル（画像エンコーダー）',
    imageSize: '画像サイズ',
    patchSize: 'パッチサイズ',
    batch: 'バッチサイズ',
    steps: 'ステップ数（実施 / 計画）',
    backend: 'バックエンド（指定 → 使用）',
    device: 'デバイス',
    lr: '最大学習率',
    minLr: '最終学習率',
    warmup: 'ウォームアップのステップ数',
    weightDecay: '重み減衰',
    clipNorm: '勾配クリッピング（ノルム）',
    ema: 'EMA モーメンタム',
    seed: '乱数シード',
    vocabulary: (size, mode) => `${size} シンセット（${mode} 方式のラベル付け）`,
    vocabularyRow: '語彙',
    tokenizer: 'テキストトークナイザー（語彙数 / 文脈長）',
    checkpointEvery: 'チェックポイント間隔',
    started: '開始日時',
    finished: '終了日時',
    recipe: '学習レシピ',
    vocabularyThreshold: '語彙のしきい値（最小出現回数）',
    threshold: (p) =>
      p.rule === null
        ? `${p.minCount}（手動で指定）`
        : `${p.minCount}：${p.rule === 'cc3m' ? 'CC3M の V_tau = 500（330 万キャプションあたり）' : 'DataComp の V_tau = 500（13 億キャプションあたり）'}を ${p.captions} キャプションに比例させた値`,
    recipeName: (p) =>
      `${p.name === 'clip' ? 'CoreNet の CLIP レシピ' : 'CoreNet の CatLIP レシピ'}${p.matched ? '（matched：両方式で同一）' : ''}`,
    recipeDetail: '切り抜き面積 / 左右反転 / AdamW β2・ε / 最終学習率の比',
    dataView: 'データ（データセットのビュー）',
    wholeDataset: 'データセット全体（ビューなし）',
    viewDescription: (v) => {
      const f = v.filters;
      const parts = [
        f.dropNoClass ? `クラスのないキャプションを除外（${v.mode} 方式）` : '',
        f.languages ? `言語 ${f.languages.map((l) => (l === 'ja' ? '日本語' : '英語')).join('・')}` : '',
        f.minLength !== undefined || f.maxLength !== undefined
          ? `キャプション長 ${f.minLength ?? 0}〜${f.maxLength ?? '∞'} 文字`
          : '',
        f.dropNearDuplicates ? 'ほぼ重複する画像を除外（各グループ 1 枚を残す）' : '',
      ].filter(Boolean);
      return `${v.name}：${parts.length ? parts.join('、') : 'フィルターなし'}`;
    },
  },
  cost: {
    item: '項目',
    value: '設定値',
    currency: '通貨',
    gpuPrice: 'GPU 単価（1 時間あたり）',
    electricity: '電気料金（1 kWh あたり）',
    planImages: '計画：学習画像数',
    planEpochs: '計画：エポック数',
    planGpus: '計画：GPU 台数',
    perGpuBatch: '計画：GPU あたりのバッチ',
    gpuMemory: '計画：GPU のメモリ（方式ごとのバッチの上限）',
    baselineGpus: '計画：ベースラインの GPU 台数',
    sameGpus: 'CatLIP と同じ',
    pilotBatch: (batch) => `パイロットと同じ（${batch}）`,
    bandwidth: 'GPU あたりの通信帯域',
    precision: '埋め込みの精度（all-gather）',
    variation: '本番規模でのスループット変動幅',
    efficiency: '通信帯域の実効率（下限〜上限）',
  },
  assumptions: (p) => [
    '画像 1 枚あたりの計算時間は、パイロットと同じ機種の GPU で測定値のまま変わらない（バッチサイズやデータ量に依存しない）ものとしています。',
    ...(p.network
      ? [
          `CLIP と CatLIP の計算量の比は、パイロットのネットワーク（画像エンコーダー ${p.network.model}：${p.network.imageSize} px、パッチ ${p.network.patch}、幅 ${p.network.width}、${p.network.depth} ブロック${p.network.text ? `／CLIP のテキストエンコーダー：幅 ${p.network.text.width}、${p.network.text.depth} 層、文脈長 ${p.network.text.context}` : ''}）で測定したものです。本番で別の規模のネットワーク（例：224 px の ViT-B/16 と 12 層・77 トークンの CLIP テキストエンコーダー）を使う場合は比が変わるため、そのネットワークでパイロットを行ってください。`,
        ]
      : []),
    `GPU 1 台あたりのバッチ：CatLIP は ${p.batch.catlip.batch} 枚・GPU ${p.batch.catlip.gpus} 台（GPU あたり ${p.batch.catlip.memory ?? '未推定'}）、${p.batch.baseline.name} は ${p.batch.baseline.batch} 枚・GPU ${p.batch.baseline.gpus} 台（${p.batch.baseline.memory ?? '未推定'}）。メモリはパイロットのネットワークを fp32 で学習する場合の推定値です（重み、勾配、AdamW の状態、逆伝播のために保持する活性化${p.batch.clip ? '、CLIP のテキストエンコーダーとローカル × グローバルの類似度行列' : ''}）。${p.batch.gpuMemory === null ? 'バッチは GPU のメモリ量と照合していません（計画の GPU メモリを設定すると、方式ごとに収まる最大のバッチを求めます）。' : `計画のバッチが未設定または収まらない場合は、計画の GPU（${p.batch.gpuMemory}）の 90% に推定メモリが収まる最大のバッチを使います${p.batch.capped ? '（計画のバッチを上限で切り詰めました）' : ''}。`}1 枚あたりの計算時間はバッチに依存しないものとしており、バッチが変えるのはステップ数と CLIP の 1 ステップあたりの all-gather 量で、計算時間は変わりません${p.batch.sameGpus ? '' : '。両者は異なる台数の GPU で学習するため、所要時間ではなく GPU 時間と費用で比較してください'}。`,
    `試算した GPU 時間の差のうち、計算時間の差が ${p.difference.compute} 時間、CLIP の埋め込みの all-gather が ${p.difference.allGather} 時間${p.difference.share ? `（差の ${p.difference.share}）` : ''}です。削減効果は通信ではなく計算量の差によるものです。`,
    '計算は GPU 台数に比例して分散できるものとし、通信として考慮するのは埋め込みの all-gather のみです。勾配の all-reduce（DDP では逆伝播と並行して実行）と集団通信のレイテンシは含めていません。',
    `本番規模でのスループットはパイロットから ±${p.variation} 変動し得るものとし、計算時間を ÷${p.fast}〜÷${p.slow} の範囲で見積もっています。`,
    p.embedDim !== null
      ? `CLIP は毎ステップ、${p.embedDim} 次元の画像・テキスト埋め込みを ${p.precision} で全 GPU から集約（all-gather）します（リング方式、GPU あたり (K−1)/K × グローバルバッチ × 2 × 次元数 × バイト数）。この通信は計算と重ならないものとし、下限は順伝播の集約を帯域の ${p.effHigh} で、上限は順伝播の集約と逆伝播の reduce-scatter を帯域の ${p.effLow} で見積もっています。`
      : 'ベースライン（SuperClass）は CatLIP と同じく各 GPU 内で分類を行うため、埋め込みの all-gather はありません。',
    ...(p.superclass && p.embedDim !== null
      ? ['SuperClass は CatLIP と同じく各 GPU 内で分類を行うため、埋め込みの all-gather はありません。']
      : []),
    'CLIP の類似度行列はグローバルバッチに比例して大きくなります（GPU あたりローカルバッチ × グローバルバッチ）が、その追加の計算量は 1 枚あたりの計算時間に含めていません。',
    'データ読み込みとチェックポイント保存は試算に含めていません。本番規模では並列ワーカー（CoreNet の dataset.workers）が計算と並行して処理するためです。パイロットでの内訳は実測値として示しています。',
    '電力量は、パイロットで計測した 1 枚あたりの電力量を計算時間に比例させて求めており、通信中の電力は含めていません。GPU 単価に電気代が含まれる場合は、電気料金を未設定のままにしてください。',
    '参考：CatLIP の論文（Fig. 1）では、ViT-B/16・バッチ 65k の条件で、CatLIP の GPU 時間は CLIP の 0.37 倍（約 2.7 倍高速）と報告されています。',
  ],
  noAssumptions: '計画値がそろうまで試算は行いません。試算の前提条件は試算とあわせて表示します。',

  warnings: {
    hardware: (p) =>
      `${p.a}と${p.b}は異なる機器で学習しました（${p.aDevice} と ${p.bDevice}）。高速化の倍率には、学習方式の違いに加えて機器の違いが含まれます。`,
    notGpu: (p) =>
      `${p.run}は GPU ではなく ${p.device} で学習しました。「GPU 時間」はこの機器の使用時間であり、試算ではこの機器と同じ速度の GPU を仮定しています。`,
    energyPartly: '電力量を計測できたのは一部のランのみのため、電気代は比較できません。',
    dataBound: (p) =>
      `${p.run}は所要時間の ${p.share} を CPU でのバッチ準備（データ読み込み）に費やしました。速度を決めたのはデバイスではなくホスト側の処理であり、計測した速度はデバイスの性能より低く、高速化の倍率も小さく出ています。`,
  },

  chart: {
    throughput: '学習速度（毎秒の画像枚数、実時間ベース）',
    timePerStep: '1 ステップあたりの学習時間（ミリ秒）',
    wallTime: '所要時間の内訳（秒）',
    measuredCost: 'パイロットの費用',
    measuredHours: 'パイロットの GPU 時間',
    projectedCost: '本番規模の費用の試算（範囲）',
    projectedHours: '本番規模の GPU 時間の試算（範囲）',
    accuracy: '評価方法・ラベル割合別の転移精度（Top-1）',
    loss: (run) => `学習損失：${run}`,
    throughputOverSteps: '学習中の速度の推移（毎秒の画像枚数）',
    step: 'ステップ',
    data: 'データ読み込み',
    compute: '計算',
    checkpoint: 'チェックポイント保存',
    gpu: 'GPU',
    energy: '電気代',
    range: '範囲（薄い部分は不確かさ）',
  },

  glossary: [
    {
      term: 'CatLIP',
      text: '画像エンコーダーを多ラベル分類として事前学習する手法です。キャプション中の名詞を WordNet のシンセットに変換し、画像に写っているシンセットを当てるように学習します。テキストエンコーダーも、バッチ内の全画像と全キャプションの照合も不要なため、学習コストを抑えられます（Mehta ほか、2024 年）。',
    },
    {
      term: 'CLIP',
      text: '比較の基準となる標準的な手法です。画像エンコーダーとテキストエンコーダーを用い、バッチ内のすべてのキャプションの中から各画像に対応するキャプションを選べるように学習します（対照学習）。ステップごとに全画像と全キャプションを照合するうえ、大規模学習では GPU 間で埋め込みをやり取りする必要があります。',
    },
    {
      term: 'SuperClass',
      text: 'もう一つの分類型の比較手法です。シンセットの代わりに、キャプションのトークン（サブワード）をラベルとして使います。',
    },
    {
      term: 'シンセット / WordNet',
      text: 'WordNet は英語の語彙データベースで、同じ意味の語を「シンセット」という単位にまとめています（例：dog.n.01 は dog と domestic dog を含みます）。CatLIP はシンセットをクラスとして使うため、同義語は同じラベルになります。',
    },
    {
      term: '語彙の絞り込み（プルーニング）',
      text: '出現するキャプション数がしきい値に満たないシンセットをラベルから除外することです。まれなラベルは十分に学習できず、分類器を大きくするだけだからです。',
    },
    {
      term: '線形プローブ',
      text: '事前学習したエンコーダーの性能を手早く確かめる評価方法です。エンコーダーは固定したまま、ラベル付きの下流データセットで線形分類器だけを学習します。',
    },
    {
      term: 'ファインチューニング',
      text: '事前学習したエンコーダー全体を下流データセットで追加学習する方法です。一般に最も高い精度が得られますが、コストもかかります。',
    },
    {
      term: 'Transfer Init',
      text: 'CatLIP 独自の初期化方法です。下流のクラス名に対応するシンセットの重みから分類器を初期化します（通常はランダムな重みから開始）。ラベルが少ない場合に特に効果があります。',
    },
    {
      term: 'ゼロショット',
      text: '下流データで一切学習せずに分類する方法です。クラス名を、モデルが学習した内容（CatLIP ではシンセット、CLIP ではキャプションの文章）と照合します。',
    },
    {
      term: 'Top-1 精度 / ポイント',
      text: 'テスト画像のうち、最も確からしいと予測したクラスが正解だった割合です。二つの精度の差は「ポイント」で表します（82% と 80% の差は 2 ポイント）。',
    },
    {
      term: 'GPU 時間',
      text: 'GPU 1 台を 1 時間使うことを 1 GPU 時間とする単位で、クラウドの GPU 料金の基準です。パイロットは 1 台で学習するため、GPU 時間は所要時間（時間単位）と同じです。',
    },
    {
      term: '所要時間（データ読み込み / 計算 / チェックポイント保存）',
      text: '学習にかかった時間を、画像の読み込み、デバイス上での計算、途中経過（チェックポイント）の保存に分けたものです。',
    },
    { term: 'img/s（枚/秒）', text: '1 秒間に学習できる画像の枚数で、学習速度の指標です。' },
    {
      term: '試算',
      text: 'パイロットで測定した 1 枚あたりの学習時間と、本報告書に記載の前提条件から、本番規模の計画について算出した見積もりです。実測ではなくモデルによる推定のため、範囲で示しています。',
    },
  ],
};
