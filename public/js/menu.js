// The phone menu: on a narrow screen the header shows the brand, the notifications and a
// "Meny" button; the button opens the search, the account links and the main menu. Without
// JavaScript nothing is hidden (the `js` class is what lets the stylesheet fold them away).
// A table wider than the screen scrolls inside its own box: it is made focusable then, so
// it can be scrolled with the keyboard.
document.documentElement.classList.add('js')

function focusableWhenScrolling() {
  for (const table of document.querySelectorAll('main table')) {
    if (table.scrollWidth > table.clientWidth) table.setAttribute('tabindex', '0')
    else table.removeAttribute('tabindex')
  }
}

document.addEventListener('DOMContentLoaded', () => {
  focusableWhenScrolling()
  window.addEventListener('resize', focusableWhenScrolling)
  const toggle = document.querySelector('.menu-toggle')
  if (!toggle) return
  toggle.addEventListener('click', () => {
    const open = document.body.classList.toggle('menu-open')
    toggle.setAttribute('aria-expanded', String(open))
  })
})
