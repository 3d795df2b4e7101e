import { describe, expect, it } from 'vitest'
import { mailTemplates } from './catalogue.ts'
import { templateProblems } from './syntax.ts'
import { renderDefaultEmail, renderTemplateText } from '../render-email.ts'
import { checkTemplateForm } from '../save-mail-template.ts'

describe('mail templates', () => {
  it('every template in the catalogue uses only its own variables, in English and Chinese', () => {
    for (const [key, def] of Object.entries(mailTemplates)) {
      expect(Object.keys(def.text), key).toEqual(expect.arrayContaining(['en', 'zh-CN']))
      for (const text of Object.values(def.text)) {
        expect(templateProblems(text.subject + text.body, def.variables), key).toEqual([])
      }
    }
  })

  it('refuses an unknown variable and names the ones the template knows', () => {
    const { errors } = checkTemplateForm('sign-in', { subject: 'Hi {{nmae}}', body: 'Link: {{link}} {{minutes}}' })
    expect(errors.subject).toBe('Unknown variable {{nmae}}. This template knows: {{link}}, {{minutes}}.')
    expect(checkTemplateForm('sign-in', { subject: 'Sign in', body: 'Broken {{ link' }).errors.body).toMatch(/does not form a variable/)
    expect(checkTemplateForm('sign-in', { subject: 'Two\r\nBcc: x@example.org', body: '{{link}}' }).errors.subject).toBe('A subject must be a single line.')
    expect(checkTemplateForm('sign-in', { subject: 'Sign in', body: 'Use {{ link }} within {{minutes}} minutes' })).toMatchObject({ errors: {}, values: { subject: 'Sign in' } })
  })

  it('renders both parts; values never become markup or Markdown, and raw HTML in a template is shown as text', () => {
    const wording = { subject: 'Hello {{name}}', body: '**Dear {{name}}**,\n\n[Open your application]({{link}})\n\n<script>alert(1)</script>\n\n{{verdict}}' }
    const mail = renderTemplateText('application-received', 'en', wording, {
      name: '<img src=x onerror=alert(1)> [x](javascript:alert(1))',
      program: 'P',
      cohort: 'C',
      deadline: 'D',
      link: 'https://embassy.example/applications/1?a=1&b=2',
      verdict: '*ok*',
    })
    expect(mail.subject).toBe('Hello <img src=x onerror=alert(1)> [x](javascript:alert(1))')
    expect(mail.text).toContain('Open your application: https://embassy.example/applications/1?a=1&b=2')
    expect(mail.html).toContain('<strong>Dear &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))</strong>')
    expect(mail.html).toContain('<a href="https://embassy.example/applications/1?a=1&amp;b=2">Open your application</a>')
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(mail.html).not.toMatch(/<script|<img|href="javascript/i)
    expect(mail.html).toContain('<p>*ok*</p>')
  })

  it('refuses a value that would put a line break into the subject (header injection)', () => {
    expect(() => renderDefaultEmail('application-received', 'en', { name: 'n', program: 'Evil\r\nBcc: victim@example.org', cohort: 'c', deadline: 'd', link: 'https://x.org', verdict: 'v' })).toThrow('A subject must be a single line')
  })

  it('falls back to nothing unsafe: a link variable holding javascript: renders as "#"', () => {
    const mail = renderTemplateText('sign-in', 'zh-CN', { subject: '登录', body: '[登录]({{link}})，{{minutes}} 分钟' }, { link: 'javascript:alert(1)', minutes: 15 })
    expect(mail.html).toContain('<a href="#">登录</a>')
    expect(mail.html).toContain('<html lang="zh-CN">')
  })
})
