/** UI text of the public rule catalog page (规则目录), Chinese first; English mirrors every key. */
export const zh = {
  heading: '规则目录',
  intro:
    '报送文件逐行按以下规则校验。数据错误阻止报送；警告与合规发现不阻止报送，合规发现计入统计并由监管与机构双方可见。浏览器预校验与服务器运行同一套规则。',
  version: '现行版本',
  loading: '正在加载…',
  filterKind: '文件类型',
  allKinds: '全部',
  groups: {
    error: '数据错误（阻止报送）',
    warning: '警告',
    finding: '合规发现',
  } as Partial<Record<string, string>>,
  columns: {
    code: '代码',
    title: '名称',
    scope: '范围',
    kinds: '适用文件',
    citation: '依据',
    params: '参数',
    status: '状态',
  },
  scopes: { record: '逐行', company: '机构整体', file: '文件' } as Partial<Record<string, string>>,
  kinds: { callbacks: '回访明细', complaints: '投诉明细', profile: '经营数据' } as Partial<
    Record<string, string>
  >,
  enabled: '启用',
  disabled: '已停用',
  effective: '有效期',
  from: '自',
  to: '至',
  none: '—',
  yes: '是',
  no: '否',
  packs: {
    heading: '地方规则包',
    intro: '地方规则包在全国规则之上调整参数、启用或停用规则，适用于相应辖区的保险机构。',
    jurisdiction: '辖区',
    basis: '地方依据',
    changes: '调整',
    appliesToYou: '适用于本机构',
    yourPack: '本机构校验所用：全国规则叠加',
    yourNational: '本机构校验所用：全国规则（本机构辖区没有地方规则包）。',
    on: '启用',
    off: '停用',
    severity: '严重程度改为',
  },
};

export type RulesMessages = typeof zh;

export const en: RulesMessages = {
  heading: 'Rule catalog',
  intro:
    'Every row of a submitted file is checked against these rules. Data errors block a submission; warnings and compliance findings do not — findings are counted in the statistics and visible to both sides. The browser pre-check runs the same rules as the server.',
  version: 'Version in force',
  loading: 'Loading…',
  filterKind: 'File kind',
  allKinds: 'All',
  groups: {
    error: 'Data errors (block submission)',
    warning: 'Warnings',
    finding: 'Compliance findings',
  },
  columns: {
    code: 'Code',
    title: 'Title',
    scope: 'Scope',
    kinds: 'Files',
    citation: 'Basis',
    params: 'Parameters',
    status: 'Status',
  },
  scopes: { record: 'per row', company: 'per insurer', file: 'per file' },
  kinds: { callbacks: 'Callbacks', complaints: 'Complaints', profile: 'Business profile' },
  enabled: 'on',
  disabled: 'switched off',
  effective: 'effective',
  from: 'from',
  to: 'to',
  none: '—',
  yes: 'yes',
  no: 'no',
  packs: {
    heading: 'Local rule packs',
    intro:
      'A local pack changes parameters or switches rules on or off, on top of the national rules, for insurers in its jurisdiction.',
    jurisdiction: 'Jurisdiction',
    basis: 'Local basis',
    changes: 'Changes',
    appliesToYou: 'applies to your organisation',
    yourPack: 'Your organisation is checked against the national rules plus',
    yourNational:
      'Your organisation is checked against the national rules (there is no local pack for its jurisdiction).',
    on: 'switched on',
    off: 'switched off',
    severity: 'severity changed to',
  },
};
