// Blocks of code or output that scroll sideways must take keyboard focus,
// so that a reader without a mouse can scroll them too.
function focusScrollableBlocks() {
  document.querySelectorAll("pre, div.math-wrapper").forEach((block) => {
    if (block.scrollWidth > block.clientWidth) {
      block.tabIndex = 0;
    } else {
      block.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", focusScrollableBlocks);
window.addEventListener("resize", focusScrollableBlocks);

// Glossary tooltips (site.css): shift an open tooltip sideways so that it
// stays inside the window on a narrow screen, and close it on Escape.
const TIP_MARGIN = 8; // px kept free between a tooltip and the window's edge

function placeTooltip(term) {
  const tip = term.querySelector(".glossary-tip");
  if (!tip) return;
  tip.style.left = "0px";
  const box = tip.getBoundingClientRect();
  const limit = document.documentElement.clientWidth - TIP_MARGIN;
  let shift = 0;
  if (box.right > limit) shift = limit - box.right;
  if (box.left + shift < TIP_MARGIN) shift = TIP_MARGIN - box.left;
  tip.style.left = `${shift}px`;
}

function openTooltip(event) {
  const term = event.target.closest(".glossary-term");
  if (!term) return;
  term.classList.remove("glossary-dismissed");
  placeTooltip(term);
}

document.addEventListener("mouseover", openTooltip);
document.addEventListener("focusin", openTooltip);
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document
    .querySelectorAll(".glossary-term:hover, .glossary-term:focus")
    .forEach((term) => term.classList.add("glossary-dismissed"));
});
