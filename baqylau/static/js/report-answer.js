// The answer to a problem report: once a kind of answer is chosen, only the fields it needs are
// shown (the planned date for "in progress", the body for "not our responsibility", the photos
// for "done"). Without this script every field stays on the page and the server checks them.
(function () {
  var form = document.querySelector("form[data-answer-form]");
  if (!form) return;
  var needs = { planned_on: ["in_progress"], to_body: ["forwarded"], files: ["done"] };
  function update() {
    var chosen = form.querySelector("input[name=kind]:checked");
    Object.keys(needs).forEach(function (name) {
      var field = form.querySelector(".field-" + name);
      if (!field) return;
      var keep = !chosen || needs[name].indexOf(chosen.value) >= 0 || field.classList.contains("has-error");
      field.hidden = !keep;
    });
  }
  form.addEventListener("change", update);
  update();
})();
