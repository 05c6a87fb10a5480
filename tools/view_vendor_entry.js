// Entry of the vendored bundle of the HTML view (see tools/vendor_view.sh).
// Exposes the global `CGVendor` with the graph model, the WebGL renderer and the
// ForceAtlas2 layout that runs in a web worker.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeArrowProgram } from "sigma/rendering";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import forceAtlas2 from "graphology-layout-forceatlas2";

export { Graph, Sigma, EdgeArrowProgram, FA2Layout };
export const inferSettings = forceAtlas2.inferSettings;
