// The page of a plan import reloads every two seconds while the import waits or runs.
(function () {
  "use strict";
  if (document.querySelector("[data-plan-import-running]")) {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
