// The WebGL2 renderer of the heatmap widget (src/app/heatmap.cpp): one shader program for all
// heatmaps, the matrix as a float texture, drawn from an ImGui draw callback. Reached by the app
// only through its hooks (src/app/hooks.h), filled by install_heatmap_gl().
#include "heatmap.h"
#include "hooks.h"
#include "platform.h"
#include "shaders_gen.h"
#include <GLES3/gl3.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace ga::app;

namespace {

// ---- GL program (one for all heatmaps) -----------------------------------------------------

struct HeatmapGL {
    bool tried = false, ok = false;
    GLuint prog = 0, vao = 0;
    GLint max_tex = 2048;
    GLint u_direct, u_rect, u_display, u_tex, u_tex_size, u_dims, u_down, u_full, u_view, u_cells_per_px, u_scale,
        u_cmap, u_stops, u_invalid, u_grid;
};
HeatmapGL g_gl;

static GLuint compile_shader(GLenum type, const char* src, const char* what) {
    GLuint sh = glCreateShader(type);
    glShaderSource(sh, 1, &src, nullptr);
    glCompileShader(sh);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {0};
        glGetShaderInfoLog(sh, sizeof log, nullptr, log);
        std::fprintf(stderr, "heatmap: %s shader failed to compile: %s\n", what, log);
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

static bool gl_init() {
    if (g_gl.tried) return g_gl.ok;
    g_gl.tried = true;
    GLuint vs = compile_shader(GL_VERTEX_SHADER, kShader_heatmap_vert, "vertex");
    GLuint fs = compile_shader(GL_FRAGMENT_SHADER, kShader_heatmap_frag, "fragment");
    if (!vs || !fs) return false;
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[1024] = {0};
        glGetProgramInfoLog(p, sizeof log, nullptr, log);
        std::fprintf(stderr, "heatmap: shader program failed to link: %s\n", log);
        glDeleteProgram(p);
        return false;
    }
    g_gl.prog = p;
    g_gl.u_rect = glGetUniformLocation(p, "u_rect");
    g_gl.u_direct = glGetUniformLocation(p, "u_direct");
    g_gl.u_display = glGetUniformLocation(p, "u_display");
    g_gl.u_tex = glGetUniformLocation(p, "u_tex");
    g_gl.u_tex_size = glGetUniformLocation(p, "u_tex_size");
    g_gl.u_dims = glGetUniformLocation(p, "u_dims");
    g_gl.u_down = glGetUniformLocation(p, "u_down");
    g_gl.u_full = glGetUniformLocation(p, "u_full");
    g_gl.u_view = glGetUniformLocation(p, "u_view");
    g_gl.u_cells_per_px = glGetUniformLocation(p, "u_cells_per_px");
    g_gl.u_scale = glGetUniformLocation(p, "u_scale");
    g_gl.u_cmap = glGetUniformLocation(p, "u_cmap");
    g_gl.u_stops = glGetUniformLocation(p, "u_stops");
    g_gl.u_invalid = glGetUniformLocation(p, "u_invalid");
    g_gl.u_grid = glGetUniformLocation(p, "u_grid");
    glGenVertexArrays(1, &g_gl.vao);  // empty: the vertex shader makes the quad from gl_VertexID
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &g_gl.max_tex);
    if (g_gl.max_tex < 2048) g_gl.max_tex = 2048;
    g_gl.max_tex = std::min(g_gl.max_tex, 8192);  // bigger textures only cost memory here
    g_gl.ok = true;
    return true;
}

static void release(HeatmapView& v) {
    if (v.tex) glDeleteTextures(1, &v.tex);
}

// ---- upload ----------------------------------------------------------------------------------

static std::vector<float> g_down_buf;  // staging for CPU-downsampled matrices (rare)

static void upload(HeatmapView& v, const float* data, int rows, int cols) {
    const long long cap = (long long)g_gl.max_tex * g_gl.max_tex;
    const long long n = (long long)rows * cols;
    // CPU downsampling only when the matrix cannot fit one texture even packed linearly.
    int down = 1;
    while ((long long)((rows + down - 1) / down) * ((cols + down - 1) / down) > cap) down++;
    const float* src = data;
    int dr = rows, dc = cols;
    if (down > 1) {
        dr = (rows + down - 1) / down;
        dc = (cols + down - 1) / down;
        g_down_buf.assign((size_t)dr * dc, 0.0f);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                float& o = g_down_buf[(size_t)(r / down) * dc + c / down];
                const float x = data[(size_t)r * cols + c];
                if (!(std::fabs(x) <= std::fabs(o))) o = x;  // max-abs per block (NaN wins: it must show)
            }
        src = g_down_buf.data();
    }
    const long long dn = (long long)dr * dc;
    // Direct layout (texel (c, r)) when the matrix fits as it is: no index arithmetic in the shader.
    // Otherwise pack row-major into full texture rows (50257×768 wte → 8192×4712).
    const bool direct = dc <= g_gl.max_tex && dr <= g_gl.max_tex;
    const int tw = direct ? dc : int(std::min<long long>(dn, g_gl.max_tex));
    const int th = direct ? dr : int((dn + tw - 1) / tw);
    if (!v.tex) glGenTextures(1, &v.tex);
    glBindTexture(GL_TEXTURE_2D, v.tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    if (tw != v.tex_w || th != v.tex_h) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, tw, th, 0, GL_RED, GL_FLOAT, nullptr);
        v.tex_w = tw;
        v.tex_h = th;
    }
    // Full texture rows straight from the matrix, then the partial last row: no copy needed.
    const int full = int(dn / tw);
    const int tail = int(dn - (long long)full * tw);
    if (full > 0) glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, tw, full, GL_RED, GL_FLOAT, src);
    if (tail > 0) glTexSubImage2D(GL_TEXTURE_2D, 0, 0, full, tail, 1, GL_RED, GL_FLOAT, src + (size_t)full * tw);
    glBindTexture(GL_TEXTURE_2D, 0);
    v.rows = rows;
    v.cols = cols;
    v.drows = dr;
    v.dcols = dc;
    v.down = down;
    v.uploaded = true;
    v.pending = false;
    (void)n;
}

// ---- draw callback ------------------------------------------------------------------------------

static void draw_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    const HeatmapView& v = *static_cast<const HeatmapView*>(cmd->UserCallbackData);
    if (!g_gl.ok || !v.tex) return;
    // Scissor to the window's clip rectangle (the ImGui backend sets it only for its own draws).
    const ImVec4 c = cmd->ClipRect;
    const float fbh = v.display_h * v.fb_scale_y;
    const int sx = int(c.x * v.fb_scale_x), sy = int(fbh - c.w * v.fb_scale_y);
    const int sw = int((c.z - c.x) * v.fb_scale_x), sh = int((c.w - c.y) * v.fb_scale_y);
    if (sw <= 0 || sh <= 0) return;
    glEnable(GL_SCISSOR_TEST);
    glScissor(sx, sy, sw, sh);
    glDisable(GL_BLEND);
    glUseProgram(g_gl.prog);
    glBindVertexArray(g_gl.vao);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, v.tex);
    glUniform1i(g_gl.u_tex, 0);
    glUniform4f(g_gl.u_rect, v.rect_min.x, v.rect_min.y, v.rect_max.x, v.rect_max.y);
    glUniform2f(g_gl.u_display, v.display_w, v.display_h);
    glUniform2i(g_gl.u_tex_size, v.tex_w, v.tex_h);
    glUniform2i(g_gl.u_dims, v.drows, v.dcols);
    glUniform1i(g_gl.u_direct, v.tex_w == v.dcols && v.tex_h == v.drows ? 1 : 0);
    glUniform1f(g_gl.u_down, float(v.down));
    glUniform2f(g_gl.u_full, float(v.cols), float(v.rows));
    glUniform4f(g_gl.u_view, float(v.view.lo.x), float(v.view.lo.y), float(v.view.hi.x), float(v.view.hi.y));
    const float w = std::max(1.0f, v.rect_max.x - v.rect_min.x), h = std::max(1.0f, v.rect_max.y - v.rect_min.y);
    // cells per *device* pixel: what decides how many cells share one fragment
    glUniform2f(g_gl.u_cells_per_px, float(v.view.span().x / (w * v.fb_scale_x)), float(v.view.span().y / (h * v.fb_scale_y)));
    glUniform1f(g_gl.u_scale, v.draw_scale);
    glUniform1i(g_gl.u_cmap, int(v.cmap));
    glUniform3fv(g_gl.u_stops, kColormapStops, colormap_stops(v.cmap));
    glUniform3f(g_gl.u_invalid, 0.85f, 0.2f, 0.85f);
    const bool dark = colormap_dark_theme();
    if (v.cmap == CMAP_DIVERGING && !dark) glUniform4f(g_gl.u_grid, 0.55f, 0.55f, 0.55f, 0.8f);
    else glUniform4f(g_gl.u_grid, 0.0f, 0.0f, 0.0f, 0.6f);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

} // namespace

namespace ga::platform {

void install_heatmap_gl(PlatformHooks& h) {
    h.matrix_init = gl_init;
    h.matrix_upload = upload;
    h.matrix_release = release;
    h.matrix_draw = draw_callback;
}

} // namespace ga::platform
