/**
 * UI text, Chinese first (zh-CN is the default language); English mirrors every key.
 * The `Messages` type makes a missing English key a compile error.
 */
export const zh = {
  app: {
    title: '回访与投诉监管报送平台',
    subtitle: '保险公司回访与投诉数据报送、校验、统计与通报',
    skipToContent: '跳到主要内容',
  },
  nav: {
    public: '公开通报',
    insurer: '保险公司报送',
    regulator: '监管工作台',
    login: '登录',
    logout: '退出',
    language: 'English',
    languageLabel: '切换语言',
    audiences: '栏目',
  },
  home: {
    heading: '半年度保险消费投诉及回访情况通报',
    intro:
      '监管机构每半年（7月发布上半年、2月发布下半年及全年）通报各保险公司的投诉与回访情况。已发布的通报及其开放数据（CSV、JSON）可在此免登录下载，并可用 SHA-256 校验文件完整性。',
    emptyTitle: '尚未发布任何通报',
    emptyBody: '通报经监管机构审核发布后将在此列出，届时可下载 PDF 及开放数据。',
    audiencesHeading: '谁使用本平台',
    insurerTitle: '保险公司',
    insurerBody:
      '每半年报送回访明细、投诉明细和经营数据，在线查看逐行校验报告，更正后重新报送，签署确认后获得回执。',
    regulatorTitle: '监管机构',
    regulatorBody: '查看各公司统计指标和违规发现，转办投诉并跟踪工作日时限，要求自查报告，发布半年度通报。',
    publicTitle: '行业协会与公众',
    publicBody: '无需登录即可下载已发布的通报及开放数据。',
    documentsHeading: '报送标准与规则',
    documentsBody: '数据格式、校验规则及其法规依据均公开，保险公司可在报送前逐条核对。',
  },
  login: {
    heading: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    pending: '登录功能将在身份与权限模块中接通。',
  },
  notFound: { heading: '页面不存在', back: '返回首页' },
};

export type Messages = typeof zh;

export const en: Messages = {
  app: {
    title: 'Call-back and Complaint Supervision Portal',
    subtitle: 'Submission, validation, statistics and bulletins for insurers’ call-backs and complaints',
    skipToContent: 'Skip to main content',
  },
  nav: {
    public: 'Published bulletins',
    insurer: 'Insurer submissions',
    regulator: 'Supervision console',
    login: 'Sign in',
    logout: 'Sign out',
    language: '中文',
    languageLabel: 'Switch language',
    audiences: 'Sections',
  },
  home: {
    heading: 'Semiannual bulletins on insurance complaints and call-backs',
    intro:
      'Twice a year (July for the first half, February for the second half and the full year) the regulator publishes how each insurer handles complaints and call-backs. Published bulletins and their open data (CSV, JSON) can be downloaded here without signing in, with a SHA-256 checksum to verify each file.',
    emptyTitle: 'No bulletin has been published yet',
    emptyBody: 'Once the regulator publishes a bulletin it is listed here with its PDF and open data.',
    audiencesHeading: 'Who uses this portal',
    insurerTitle: 'Insurers',
    insurerBody:
      'Upload call-back records, complaint records and business figures every half year, read a row-by-row validation report, correct and upload again, and sign off to receive a receipt.',
    regulatorTitle: 'Regulators',
    regulatorBody:
      'Review each insurer’s statistics and rule findings, forward complaints with working-day deadlines, request self-inspection reports and publish the semiannual bulletin.',
    publicTitle: 'Associations and the public',
    publicBody: 'Download published bulletins and open data without signing in.',
    documentsHeading: 'Reporting standard and rules',
    documentsBody:
      'The file formats, the validation rules and the regulations behind them are public, so insurers can check every rule before they upload.',
  },
  login: {
    heading: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    pending: 'Signing in is wired up by the identity and roles module.',
  },
  notFound: { heading: 'Page not found', back: 'Back to the home page' },
};
