#version 300 es
// Heatmap quad: four vertices made from gl_VertexID (triangle strip), so no vertex buffer is
// needed. Positions are ImGui's logical screen pixels, like the rest of the UI.
uniform vec4 u_rect;      // x0, y0, x1, y1 of the quad on screen (px)
uniform vec2 u_display;   // display size (px), for the orthographic projection
out vec2 v_uv;            // 0..1 across the quad, (0,0) = top-left = row 0, column 0
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    vec2 p = mix(u_rect.xy, u_rect.zw, corner);
    v_uv = corner;
    gl_Position = vec4(p.x / u_display.x * 2.0 - 1.0, 1.0 - p.y / u_display.y * 2.0, 0.0, 1.0);
}
