/* The learner view (and the author preview). One init function; its data arrives as a
   JSON string in args.payload, so that no text can break out of the runtime's script tag. */
function MentoringLearnerView(runtime, element, args) {
  "use strict";
  var root = element && element.jquery ? element[0] : element;
  var data = {};
  try {
    data = JSON.parse((args && args.payload) || "{}");
  } catch (err) {
    data = {};
  }
  var block = root.querySelector(".mentoring-block");
  if (block) {
    // Marks the view as initialised; styles and tests can rely on it.
    block.setAttribute("data-ready", "true");
    block.setAttribute("data-state", data.state || block.getAttribute("data-state") || "");
  }
  return { data: data };
}
