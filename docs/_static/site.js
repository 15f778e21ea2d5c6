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
