// Progressive enhancement of the application form: autosave the draft while typing and refresh the live
// eligibility summary. Without JavaScript the form still works with its Save and Submit buttons.
// Texts in the page's language come from data- attributes of the form (the CSP forbids inline scripts).
;(() => {
  // Remember the browser's time zone so the server can show deadlines in it.
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (zone) document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax'
  } catch {}
  const form = document.getElementById('application-form')
  if (!form || !window.fetch) return
  const url = form.getAttribute('data-autosave')
  const csrf = form.getAttribute('data-csrf')
  const status = document.getElementById('autosave-status')
  const summary = document.getElementById('eligibility-summary')
  const list = document.getElementById('eligibility-list')
  const text = (name, fallback) => form.getAttribute('data-' + name) || fallback
  const labels = {
    met: text('label-met', 'Met'),
    not_met: text('label-not-met', 'Not met yet'),
    needs_review: text('label-needs-review', 'Reviewers will judge'),
  }
  const lang = document.documentElement.lang || undefined
  let timer = 0
  let inFlight = false
  let again = false

  function render(verdict) {
    if (!summary || !list) return
    summary.textContent = ''
    const strong = document.createElement('strong')
    strong.textContent = verdict.summary
    summary.appendChild(strong)
    list.textContent = ''
    for (const r of verdict.requirements) {
      const li = document.createElement('li')
      li.className = 'verdict-' + r.status
      const b = document.createElement('strong')
      b.textContent = labels[r.status] || r.status
      li.appendChild(b)
      li.appendChild(document.createTextNode(': ' + r.title))
      const reason = document.createElement('div')
      reason.className = 'muted'
      reason.textContent = r.reason
      li.appendChild(reason)
      list.appendChild(li)
    }
  }

  async function save() {
    if (inFlight) {
      again = true
      return
    }
    inFlight = true
    if (status) status.textContent = text('text-saving', 'Saving…')
    try {
      const body = new URLSearchParams(new FormData(form))
      const res = await fetch(url, { method: 'POST', body, headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' }, credentials: 'same-origin' })
      const data = await res.json()
      if (data.ok) {
        render(data.verdict)
        const time = new Date(data.savedAt).toLocaleTimeString(lang)
        if (status) status.textContent = text('text-saved', 'Draft saved at {time}.').replace('{time}', time)
      } else if (status) {
        status.textContent = data.message || text('text-not-saved', 'Not saved.')
      }
    } catch {
      if (status) status.textContent = text('text-failed', 'Could not save just now; your text is still here.')
    } finally {
      inFlight = false
      if (again) {
        again = false
        schedule()
      }
    }
  }

  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(save, 800)
  }

  form.addEventListener('input', schedule)
  form.addEventListener('change', schedule)
})()
