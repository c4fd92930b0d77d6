#version 300 es
// Heatmap: one R32F texel per matrix cell (as is when both sides fit the texture size limit, else
// row-major packed into full texture rows so any shape up to W·H cells fits), mapped to colour here. Zoomed out, one pixel covers several cells:
// up to 4×4 of them are sampled and the one with the largest magnitude is shown, so a single
// large weight never disappears. Zoomed in, thin grid lines separate the cells.
precision highp float;
precision highp int;
precision highp sampler2D;

uniform sampler2D u_tex;        // R32F, NEAREST (float textures are not filterable in WebGL2)
uniform ivec2 u_tex_size;       // texture width, height in texels
uniform ivec2 u_dims;           // stored matrix: rows, cols (after any CPU downsampling)
uniform int u_direct;           // 1: texel (c, r) is cell (r, c); 0: packed row-major
uniform float u_down;           // CPU downsampling factor (1 = one texel per cell)
uniform vec2 u_full;            // full matrix size in cells: cols, rows
uniform vec4 u_view;            // visible rectangle in cells: col0, row0, col1, row1
uniform vec2 u_cells_per_px;    // cells per screen pixel (x, y), from the view and the quad size
uniform float u_scale;          // diverging: ±scale → ends; sequential: scale → top
uniform int u_cmap;             // 0 diverging (centred on 0), 1 sequential (0..scale)
uniform vec3 u_stops[9];        // colour map control points, evenly spaced (colormap.cpp)
uniform vec3 u_invalid;         // NaN / Inf
uniform vec4 u_grid;            // grid line colour (rgb) and strength (a)

in vec2 v_uv;
out vec4 o_color;

float fetch_cell(int r, int c) {
    if (u_direct == 1) return texelFetch(u_tex, ivec2(c, r), 0).r;
    int idx = r * u_dims.y + c;
    return texelFetch(u_tex, ivec2(idx % u_tex_size.x, idx / u_tex_size.x), 0).r;
}

bool not_finite(float v) { return isnan(v) || isinf(v) || abs(v) > 3.0e38; }

vec3 colormap(float v) {
    if (not_finite(v)) return u_invalid;
    float t = (u_cmap == 0) ? clamp(v / u_scale * 0.5 + 0.5, 0.0, 1.0) : clamp(v / u_scale, 0.0, 1.0);
    float f = t * 8.0;
    int i = min(int(f), 7);
    return mix(u_stops[i], u_stops[i + 1], f - float(i));
}

void main() {
    vec2 cell = mix(u_view.xy, u_view.zw, v_uv);          // (column, row), continuous
    vec2 dims = u_full;
    if (cell.x < 0.0 || cell.y < 0.0 || cell.x >= dims.x || cell.y >= dims.y) discard;

    // Pixel footprint in cells; sample up to 4 points per axis across it.
    vec2 foot = u_cells_per_px;
    int nx = int(clamp(ceil(foot.x / u_down), 1.0, 4.0));
    int ny = int(clamp(ceil(foot.y / u_down), 1.0, 4.0));
    float best = 0.0;
    float best_mag = -1.0;
    if (nx == 1 && ny == 1) {
        // zoomed in: one stored cell per pixel, no search (the common case, and the cheapest)
        best = fetch_cell(min(int(cell.y / u_down), u_dims.x - 1), min(int(cell.x / u_down), u_dims.y - 1));
        ny = 0;
    }
    for (int j = 0; j < 4; j++) {
        if (j >= ny) break;
        for (int i = 0; i < 4; i++) {
            if (i >= nx) break;
            vec2 p = cell - 0.5 * foot + (vec2(float(i), float(j)) + 0.5) * foot / vec2(float(nx), float(ny));
            p = clamp(p, vec2(0.0), dims - 0.001);
            int c = min(int(p.x / u_down), u_dims.y - 1);
            int r = min(int(p.y / u_down), u_dims.x - 1);
            float v = fetch_cell(r, c);
            float mag = not_finite(v) ? 1.0e39 : (u_cmap == 0 ? abs(v) : v);
            if (mag > best_mag) { best_mag = mag; best = v; }
        }
    }
    vec3 col = colormap(best);

    // Grid lines once a cell is at least ~6 px wide: distance to the nearest cell edge in pixels.
    if (u_grid.a > 0.0) {
        vec2 px_per_cell = 1.0 / foot;
        vec2 d = min(fract(cell), 1.0 - fract(cell)) * px_per_cell;
        float fade = clamp((min(px_per_cell.x, px_per_cell.y) - 6.0) / 6.0, 0.0, 1.0);
        float line = (1.0 - smoothstep(0.0, 1.0, min(d.x, d.y))) * fade * u_grid.a;
        col = mix(col, u_grid.rgb, line);
    }
    o_color = vec4(col, 1.0);
}
