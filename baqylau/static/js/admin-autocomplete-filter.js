"use strict";
// A filter of the back office's lists by a record found by typing (core/admin.py,
// AutocompleteFilter): choosing a record opens the list filtered by it.
{
  const $ = django.jQuery;
  $(document).on("change", "select[data-filter-parameter]", function () {
    const query = new URLSearchParams(this.dataset.filterQuery);
    if (this.value) {
      query.set(this.dataset.filterParameter, this.value);
    }
    window.location.search = query.toString();
  });
}
