// The skip logic of a checklist on the visit form: a question asked only when an earlier answer is
// one of some values (data-asked-if, data-asked-values) is hidden while it is not asked, and so
// is every question that depends on a hidden one. Without this script every question shows and
// the server drops the answers of the questions that were not asked.
(function () {
  var box = document.querySelector("[data-checklist-logic]");
  if (!box) return;
  var form = box.closest("form") || box;
  var rows = Array.prototype.slice.call(box.querySelectorAll("[data-question]"));

  function given(code) {
    var values = [];
    var numeric = false;
    form.querySelectorAll('[name="answer_' + code + '"]').forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.value);
      } else if (input.value.trim() !== "") {
        values.push(input.value.trim());
        numeric = input.getAttribute("inputmode") === "decimal";
      }
    });
    return { values: values, numeric: numeric };
  }

  function same(answer, wanted, numeric) {
    if (answer === wanted) return true;
    if (!numeric) return false;
    var a = Number(answer.replace(",", "."));
    var b = Number(String(wanted).replace(",", "."));
    return !isNaN(a) && !isNaN(b) && a === b;
  }

  function update() {
    var asked = {};
    rows.forEach(function (row) {
      var code = row.getAttribute("data-question");
      var condition = row.getAttribute("data-asked-if");
      var on = true;
      if (condition) {
        var wanted = JSON.parse(row.getAttribute("data-asked-values") || "[]");
        var answer = given(condition);
        on = Boolean(asked[condition]) && answer.values.some(function (value) {
          return wanted.some(function (w) { return same(value, w, answer.numeric); });
        });
      }
      row.hidden = !on;
      asked[code] = on;
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
