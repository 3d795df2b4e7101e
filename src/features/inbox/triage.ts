/** Where a message to a program inbox belongs. */
export type TriageLabel = 'open_source' | 'commercial' | 'spam'

/** The rules triage applies; a program adds its own phrases and sender patterns to the defaults. */
export interface TriageRules {
  commercialPhrases: string[]
  spamPhrases: string[]
  openSourcePhrases: string[]
  /** Sender address patterns, `*` matching anything: "sales@*", "*@*.xyz". */
  commercialSenders: string[]
  spamSenders: string[]
  /** More links than this counts towards spam. */
  maxLinks: number
}

/** What triage is given: the message, the rules, and what managers already decided about this sender. */
export interface TriageInput {
  fromAddress: string
  subject: string
  body: string
  rules: TriageRules
  /** A manager's earlier correction for this sender address, if any (the labelled examples). */
  senderLabel?: TriageLabel
}

/** The verdict with every reason behind it, so a manager can see why a message was filed where it is. */
export interface TriageResult {
  label: TriageLabel
  reasons: string[]
  scores: Record<TriageLabel, number>
}

/** The rules every program starts with (English and Chinese); programs add to them, never lose them. */
export const defaultTriageRules: TriageRules = {
  commercialPhrases: [
    'partnership', 'partner program', 'business development', 'schedule a call', 'quick call', 'book a demo', 'free demo', 'product demo',
    'pricing', 'quote', 'discount', '% off', 'limited time', 'enterprise plan', 'reseller', 'commission', 'distributor', 'our services',
    'our platform', 'our product', 'outsourcing', 'dedicated developers', 'hourly rates', 'company profile', 'lead generation',
    'sponsorship package', 'sponsored', 'guest post', 'backlink', 'seo', 'marketing agency', 'digital marketing', 'market research',
    'gift card', 'procurement', 'decision makers', 'sales', 'revenue', 'brochure', 'unsubscribe', 'rates', 'competitive', 'roi',
    'our clients', 'recruitment', 'recruiting', 'hiring', 'referral fee', 'price list', 'catalogue', 'catalog', 'minimum order', 'wholesale',
    'media partner', 'media partners', 'in exchange', 'logo placement', 'advertise', 'advertising', 'free trial', 'subscription', 'budget',
    'vendor', 'buy', 'purchase', 'affiliate', 'white label', 'set up a call', 'hop on a call', 'sponsor', 'sponsors',
    '商务', '战略合作', '期待合作', '合作条款', '拓展市场', '报价', '优惠', '折扣', '演示', '推广', '营销', '软文', '外链', '外包', '驻场', '人天',
    '价格', '赞助套餐', '获客', '渠道', '代理商', '佣金', '调研', '酬劳', '采购', '决策', '企业版', '解决方案', '退订',
    '猎头', '招聘', '推荐费', '为客户', '我们的客户', '产品目录', '价目表', '起订', '批发', '合作伙伴', '优惠码', '广告', '投放', '赞助', '购买', '试用',
    '订阅', '供应商', '商机', '定制', '电话沟通',
  ],
  spamPhrases: [
    'you have won', 'winner', 'lottery', 'prize', 'bitcoin', 'btc', 'crypto', 'guaranteed', 'viagra', 'cialis', 'pills', 'prescription',
    'verify your account', 'suspended', 'password', 'card number', 'act now', 'processing fee', 'bank account',
    '中奖', '一等奖', '奖金', '手续费', '银行卡', '发票', '代开', '彩金', '博彩', '娱乐城', '返水', '冻结', '验证身份', '密码', '验证码',
  ],
  openSourcePhrases: [
    'pull request', 'pr', 'github.com', 'issue', 'contribute', 'contributing', 'documentation', 'docs', 'translate', 'meetup', 'ambassador',
    'application', 'eligibility', 'certificate', 'workshop', 'talk', 'speakers', 'maintainer', 'bug', 'helm', 'open licence', 'open license',
    'volunteer', 'user group', 'slack', 'blog posts', 'recording',
    '贡献', '文档', '翻译', '大使', '申请', '证书', '活动', '分享', '讲师', '维护者', '用户组', '课件', '实验', '会议', '频道', '博客', '议程',
  ],
  commercialSenders: ['sales@*', 'bd@*', '*.bd@*', 'biz@*', 'business@*', 'marketing@*', 'partnerships@*', 'growth@*', 'research@*', 'tuiguang@*', 'qudao@*', 'shangwu@*', 'expo@*'],
  spamSenders: ['*@*.xyz', '*@*.top', '*@*.vip', '*@*.biz', '*@*.cc', '*@*.ru'],
  maxLinks: 3,
}

/** Defaults plus a program's own additions (duplicates dropped). */
export function mergeRules(extra: Partial<TriageRules> | undefined): TriageRules {
  const d = defaultTriageRules
  const join = (a: string[], b: string[] | undefined) => [...new Set([...a, ...(b ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean)])]
  return {
    commercialPhrases: join(d.commercialPhrases, extra?.commercialPhrases),
    spamPhrases: join(d.spamPhrases, extra?.spamPhrases),
    openSourcePhrases: join(d.openSourcePhrases, extra?.openSourcePhrases),
    commercialSenders: join(d.commercialSenders, extra?.commercialSenders),
    spamSenders: join(d.spamSenders, extra?.spamSenders),
    maxLinks: extra?.maxLinks ?? d.maxLinks,
  }
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase()
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether folded text contains a phrase: as a whole word for Latin phrases, as a substring for CJK ones. */
function hasPhrase(text: string, phrase: string): boolean {
  const p = fold(phrase)
  if (!/[a-z0-9]/.test(p)) return text.includes(p)
  return new RegExp(`(?<![a-z0-9])${escapeRe(p)}(?![a-z0-9])`).test(text)
}

/** Whether an address matches a pattern with `*` wildcards. */
export function senderMatches(address: string, pattern: string): boolean {
  return new RegExp(`^${fold(pattern).split('*').map(escapeRe).join('.*')}$`).test(fold(address))
}

const labelNames: Record<TriageLabel, string> = { open_source: 'open source', commercial: 'commercial', spam: 'spam' }

/**
 * Files a message by explainable rules (no external service): each phrase found and each matching sender
 * pattern adds to a category's score, and the reasons list says which. A tie between commercial and open
 * source goes to commercial: it is answered politely and a manager can move it back, whereas commercial mail
 * in the main queue is what the policy is for. A manager's earlier correction for the sender wins.
 */
export function triageMessage(input: TriageInput): TriageResult {
  const scores: Record<TriageLabel, number> = { open_source: 0, commercial: 0, spam: 0 }
  const reasons: string[] = []
  if (input.senderLabel) {
    return { label: input.senderLabel, reasons: [`A program manager filed earlier mail from ${input.fromAddress} as ${labelNames[input.senderLabel]}.`], scores }
  }
  const text = fold(`${input.subject}\n${input.body}`)
  const phraseSets: [TriageLabel, string[]][] = [
    ['commercial', input.rules.commercialPhrases],
    ['spam', input.rules.spamPhrases],
    ['open_source', input.rules.openSourcePhrases],
  ]
  for (const [label, phrases] of phraseSets) {
    const found = phrases.filter((p) => hasPhrase(text, p))
    if (found.length) {
      scores[label] += found.length
      reasons.push(`${labelNames[label]} phrases: ${found.map((p) => `“${p}”`).join(', ')}`)
    }
  }
  for (const [label, patterns] of [['commercial', input.rules.commercialSenders], ['spam', input.rules.spamSenders]] as const) {
    const pattern = patterns.find((p) => senderMatches(input.fromAddress, p))
    if (pattern) {
      scores[label] += 2
      reasons.push(`sender ${input.fromAddress} matches ${pattern} (${labelNames[label]})`)
    }
  }
  const links = (input.body.match(/https?:\/\/\S+/gi) ?? []).length
  if (links > input.rules.maxLinks) {
    scores.spam += 2
    reasons.push(`${links} links (more than ${input.rules.maxLinks}) (spam)`)
  }
  if (/!{3,}/.test(input.subject) || (/[A-Z]{4}/.test(input.subject) && input.subject === input.subject.toUpperCase())) {
    scores.spam += 1
    reasons.push('a shouting subject (spam)')
  }
  let label: TriageLabel = 'open_source'
  if (scores.spam >= 2 && scores.spam >= scores.commercial) label = 'spam'
  else if (scores.commercial >= 2 && scores.commercial >= scores.open_source) label = 'commercial'
  else if (scores.commercial >= 1 && scores.open_source === 0) label = 'commercial'
  if (!reasons.length) reasons.push('no rule matched: open source by default')
  return { label, reasons, scores }
}
