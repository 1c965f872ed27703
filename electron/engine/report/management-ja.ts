import type { ManagementText } from './management-text.js';

/** 経営資料（結論・総保有コスト・データの出所とライセンス・スライド）の日本語。 */
export const MANAGEMENT_JA: ManagementText = {
  conclusion: {
    heading: '結論',
    speed: (p) =>
      `速度（実測）：${p.device} で、CatLIP は ${p.baseline} より画像 1 枚あたり ${p.ratio}${p.faster ? '高速' : '低速'}に学習しました。`,
    speedUnknown: '速度：まだ計測されていません。両方のランの学習時間の記録が必要です。',
    accuracy: (p) =>
      `精度（実測）：${p.test}で CatLIP ${p.catlip}、${p.baselineName} ${p.baseline}${p.sign === 0 ? 'で、同じ精度でした' : `、差は ${p.diff}でした`}${p.interval ? `（${p.interval}）` : ''}。`,
    accuracyNone: '精度：まだ評価していません。同じ下流データセットで両方のランを評価すると比較できます。',
    savingTco: (p) =>
      p.loss
        ? `削減額（試算）：なし。本番規模の学習 1 回あたりの総保有コストは CatLIP の方が ${p.saving} 高くなります（${p.deployment}）。`
        : `削減額（試算）：本番規模の学習 1 回あたり、総保有コストを ${p.saving} 削減できます（${p.deployment}）${p.breakEven ? `。${p.breakEven}` : ''}${p.neverPays ? '。ただし範囲の下限では回収できません' : ''}。`,
    savingGpu: (p) =>
      `削減額（試算、GPU${p.energy ? '・電気' : ''}費用のみ）：本番規模の学習 1 回あたり ${p.saving}（${p.share}）${p.missing ? `。総保有コストの算出には、${p.missing}の入力が必要です` : ''}。`,
    savingMissing: (missing) => `削減額：まだ試算できません。比較画面で${missing}を設定してください。`,
    breakEven: (p) =>
      p.high === null
        ? `パイロットと移行の費用は本番規模の学習 ${p.low} 回以上で回収できます`
        : `パイロットと移行の費用は本番規模の学習 ${p.low === p.high ? p.low : `${p.low}〜${p.high}`} 回で回収できます`,
  },
  basis: { measured: '実測', entered: '入力値', projected: '試算' },
  tco: {
    section: '総保有コスト（TCO）',
    intro:
      'GPU 時間、電気代、技術者の工数、ストレージの費用を、パイロットと、各方式の本番規模の学習 1 回について示します。各数値には、パイロットでの実測値、コスト設定への入力値、本番規模への試算のいずれであるかを付記しています。クラウドの GPU 単価には電気代が含まれるものとし、オンプレミスではハードウェアを償却年数と稼働率で按分し、電気代を加算しています。',
    deployment: { cloud: 'クラウド', 'on-premises': 'オンプレミス' },
    sideBySide: 'クラウドとオンプレミスの比較',
    detail: (d) => `${d}：費用の内訳`,
    item: '項目',
    pilot: 'パイロット',
    fullScale: (name) => `${name}（本番規模 1 回）`,
    rows: {
      gpuRate: '1 GPU 時間あたりの費用',
      gpu: 'GPU 時間',
      energy: '電気代',
      engineers: '技術者の工数',
      storage: 'ストレージ',
      total: '合計',
      saving: '本番規模の学習 1 回あたりの削減額',
      investment: 'パイロットと移行の費用',
      breakEven: '回収に必要な本番規模の学習回数',
    },
    hours: {
      heading: 'パイロットの技術者工数',
      setup: '環境構築',
      dataPreparation: 'データ準備',
      supervision: '学習の監視',
      value: '時間',
    },
    trainings: (p) =>
      p.high === null
        ? `${p.low} 回以上（下限では回収不可）`
        : p.low === p.high
          ? `${p.low} 回`
          : `${p.low}〜${p.high} 回`,
    never: '回収不可（削減なし）',
    missing: (list) => `総保有コストはまだ算出できません。${list}の入力が必要です。`,
    notes: {
      migration: '移行の工数が未入力のため、回収回数はパイロットの費用のみで計算しています。',
      storage: 'ストレージ単価（TB・月あたり）が未設定のため、ストレージ費用は含めていません。',
      fullStorage: 'データ容量（TB）が未設定のため、本番規模のストレージ費用は含めていません。',
      cloudEnergy: 'クラウドの GPU 単価には電気代が含まれるものとし、電気代はオンプレミスでのみ計上しています。',
    },
    input: {
      '--engineer-rate': '技術者の時間単価',
      '--setup-hours': 'パイロットの環境構築の工数',
      '--data-prep-hours': 'データ準備の工数',
      '--supervision-hours-per-training': '本番規模の学習 1 回あたりの監視工数',
      '--gpu-cost-per-hour': 'GPU の単価（クラウドの時間単価、またはオンプレミスのハードウェア価格）',
      '--amortisation-years': '償却年数',
      '--utilisation': '稼働率',
      '--electricity-per-kwh': '電気料金',
      '--power-watts': 'GPU の消費電力（W）',
      '--hardware-price': 'GPU 1 台あたりのハードウェア価格',
    },
    settings: {
      hardwarePricePerGpu: 'GPU 1 台あたりのハードウェア価格',
      amortisationYears: '償却年数',
      utilisation: '稼働率',
      powerWattsPerGpu: 'GPU 1 台の消費電力（W）',
      engineerRatePerHour: '技術者の時間単価',
      setupHours: '環境構築の工数（時間）',
      dataPreparationHours: 'データ準備の工数（時間）',
      supervisionHours: '学習の監視工数（パイロット）',
      supervisionHoursPerTraining: '本番規模の学習 1 回あたりの監視工数',
      migrationHours: '移行の工数（時間）',
      storagePerTbMonth: 'ストレージ単価（TB・月あたり）',
      storageTb: '本番規模のデータ容量（TB）',
    },
  },
  licences: {
    section: 'データの出所とライセンス',
    intro:
      '学習データの出所と利用条件です。データ自体が示すもの（COCO のライセンス表、WebDataset のメタデータ、データと同じ場所にある LICENSE や README）か、データセット画面で入力したものを示します。「不明」は誰もライセンスを示していないことを意味します。本番規模の学習の前に確認してください。',
    dataset: 'データセット',
    licence: 'ライセンス',
    state: '根拠',
    consent: '同意・個人情報',
    source: '出所',
    imported: '取り込み日時',
    files: 'ファイル（SHA-256）',
    states: { entered: '入力値', declared: (where) => `${where} に記載`, unknown: '不明' },
    unknown: '不明',
    none: '記載なし',
    sourcesHeading: '取り込みの記録',
    warnUnknown: (datasets) =>
      `ご注意：学習データ ${datasets} のライセンスが不明です。本番規模に進む前に利用条件を確認してください。`,
    warnNonCommercial: (p) =>
      `ご注意：学習データ ${p.datasets} は非営利ライセンス（${p.licences}）です。許諾なく商用モデルの学習に使うことはできません。`,
  },
  deck: {
    speedAndTime: '速度と学習時間',
    accuracy: '精度',
    tco: '総保有コスト',
    risks: 'リスクと今後の進め方',
    licences: 'データの出所とライセンス',
    roadmapTitle: 'ロードマップ',
    roadmap: [
      {
        step: '1. パイロット',
        text: '完了：自社データで CatLIP と比較手法を GPU 1 台で学習し、時間・精度・費用を実測しました。',
      },
      {
        step: '2. コスト見積もり',
        text: '本番規模の計画、GPU 単価、技術者の工数を確定し、クラウドかオンプレミスかを決めます。',
      },
      {
        step: '3. 業務データでのファインチューニング',
        text: '本番規模で事前学習した後、ラベル付きの業務データでファインチューニングし、自社の業務で評価します。',
      },
    ],
    numbersInNotes: 'グラフの数値はノートに記載しています。',
    noAccuracy: 'まだ評価していません。',
  },
};
