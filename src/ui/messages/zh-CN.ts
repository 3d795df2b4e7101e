import type { en } from './en.ts'

/** Simplified Chinese messages; every key of the English catalogue must be here (the type checks it). */
export const zhCN: Record<keyof typeof en, string> = {
  'lang.name': '简体中文',
  'signIn.title': '登录',
  'signIn.intro': '输入您的电子邮箱地址，我们会发送一个登录链接给您，无需密码。',
  'signIn.email': '电子邮箱地址',
  'signIn.send': '发送登录链接',
  'signIn.or': '或使用以下方式登录',
  'signIn.sentTitle': '请查收邮件',
  'signIn.sent': '如果地址有效，登录链接已发送至 {email}。该链接仅可使用一次，{minutes} 分钟内有效。',
  'signIn.verifyTitle': '完成登录',
  'signIn.verifyIntro': '点击按钮，在此设备上登录。',
  'signIn.continue': '登录',
  'signIn.invalid': '此登录链接无效、已被使用或已过期，请重新获取。',
  'signIn.emailInvalid': '请输入有效的电子邮箱地址，例如 name@example.org。',
  'mail.signIn.subject': '您的 Embassy 登录链接',
  'mail.signIn.body': '请使用以下链接登录，该链接仅可使用一次，{minutes} 分钟内有效：\n\n{link}\n\n如果这不是您本人的操作，请忽略此邮件。',
  'account.title': '我的账户',
  'account.signOut': '退出登录',
  'account.signOutEverywhere': '在所有设备上退出',
  'account.identities': '登录方式',
  'account.applications': '我的申请',
  'account.none': '您还没有申请任何项目。',
}
