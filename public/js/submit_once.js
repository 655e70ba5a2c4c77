// A form sent once is not sent again by a second click while the first is on its way (a
// double click published two driftmeddelanden). Progressive only: the server refuses the
// twin anyway (app/services/double_submit.ts). The button is not disabled — a disabled
// button's name and value (e.g. decision=approve) would not be sent — the second submit is
// just ignored. After a while (a download keeps the page) or on returning to the page, the
// form can be sent again.
document.addEventListener('submit', (event) => {
  const form = event.target
  if (event.defaultPrevented) return
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return
  if (form.dataset.sending) {
    event.preventDefault()
    return
  }
  form.dataset.sending = '1'
  form.setAttribute('aria-busy', 'true')
  setTimeout(() => {
    delete form.dataset.sending
    form.removeAttribute('aria-busy')
  }, 8000)
})

window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sending]')) {
    delete form.dataset.sending
    form.removeAttribute('aria-busy')
  }
})
