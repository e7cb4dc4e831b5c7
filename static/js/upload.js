// Tell the person at once when a chosen file is larger than the limit, before it is sent
// (documents/uploads.py refuses it on the server in any case).
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
  input.addEventListener("change", function () {
    var limit = Number(input.dataset.maxBytes);
    var tooLarge = Array.prototype.some.call(input.files, function (file) { return file.size > limit; });
    input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
    input.reportValidity();
  });
});
document.querySelectorAll("form[enctype='multipart/form-data']").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    var blocked = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return !input.validity.valid;
    });
    if (blocked) { event.preventDefault(); }
  });
});
