// The design system's behaviour (error summary focus, details, character counts…): GOV.UK
// Frontend's components start on the elements that ask for them (data-module).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
