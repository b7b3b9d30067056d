// Live character counters: <textarea data-counter="ID" data-max="140"> updates #ID as you type.
// Progressive enhancement only: the server renders the same count and checks the length.
document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field.dataset || !field.dataset.counter) return;
  var counter = document.getElementById(field.dataset.counter);
  if (!counter) return;
  var max = parseInt(field.dataset.max, 10);
  var length = field.value.trim().length;
  counter.textContent = length + "/" + max;
  counter.classList.toggle("over", length > max);
});
