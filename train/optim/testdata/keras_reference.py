#!/usr/bin/env python3
"""Independent reference for relulab's optimizer tests.

Re-implements the update_step of each Keras 3 optimizer (keras/src/optimizers,
Keras 3.13, and ScheduleFreeAdamW of 3.14) in plain Python, written from the
Keras sources in Keras's own variable layout: a Dense kernel is a list of In rows of Out values. It runs
three steps of every optimizer on the parameters of a 2 -> 3 -> 1 network, and
of a 2 -> 3 -> 2 network (two outputs: an output kernel of shape (3, 2)), and
prints the parameters after each step as JSON, in relulab's storage order
(kernel stored as Out rows of In).

Regenerate with:  python3 train/optim/testdata/keras_reference.py > train/optim/testdata/keras_steps.json
"""
import copy
import json
import math

EPS = 1e-7

# The network 2 -> 3 -> 1: kernel (2, 3), bias (3,), kernel (3, 1), bias (1,).
SHAPES = [(2, 3), (3,), (3, 1), (1,)]

P0 = [
    [[0.5, -0.3, 0.8], [0.1, 0.7, -0.6]],
    [0.05, -0.02, 0.0],
    [[0.4], [-0.9], [0.3]],
    [0.1],
]
GRADS = [
    [[[0.2, -0.1, 0.05], [0.3, 0.0, -0.4]], [0.1, -0.2, 0.3], [[0.5], [-0.25], [0.125]], [0.6]],
    [[[-0.1, 0.4, 0.2], [0.05, -0.3, 0.1]], [-0.05, 0.15, 0.0], [[0.2], [0.1], [-0.3]], [-0.2]],
    [[[0.3, 0.3, -0.2], [-0.2, 0.1, 0.25]], [0.2, 0.1, -0.1], [[-0.4], [0.35], [0.05]], [0.1]],
]

# The network 2 -> 3 -> 2: kernel (2, 3), bias (3,), kernel (3, 2), bias (2,).
P0_2 = [
    [[0.5, -0.3, 0.8], [0.1, 0.7, -0.6]],
    [0.05, -0.02, 0.0],
    [[0.4, -0.2], [-0.9, 0.6], [0.3, 0.25]],
    [0.1, -0.15],
]
GRADS_2 = [
    [[[0.2, -0.1, 0.05], [0.3, 0.0, -0.4]], [0.1, -0.2, 0.3], [[0.5, -0.3], [-0.25, 0.2], [0.125, 0.7]], [0.6, -0.1]],
    [[[-0.1, 0.4, 0.2], [0.05, -0.3, 0.1]], [-0.05, 0.15, 0.0], [[0.2, 0.05], [0.1, -0.4], [-0.3, 0.15]], [-0.2, 0.3]],
    [[[0.3, 0.3, -0.2], [-0.2, 0.1, 0.25]], [0.2, 0.1, -0.1], [[-0.4, 0.2], [0.35, 0.0], [0.05, -0.25]], [0.1, 0.05]],
]


def flat(v):
    if isinstance(v, list):
        return [x for e in v for x in flat(e)]
    return [v]


def shape_of(v):
    if isinstance(v, list) and isinstance(v[0], list):
        return (len(v), len(v[0]))
    return (len(v),)


def unflat(xs, shape):
    if len(shape) == 1:
        return list(xs)
    r, c = shape
    return [list(xs[i * c:(i + 1) * c]) for i in range(r)]


def emap(f, *vs):
    """Element-wise map over equally shaped nested lists."""
    if isinstance(vs[0], list):
        return [emap(f, *e) for e in zip(*vs)]
    return f(*vs)


def zeros_like(v):
    return emap(lambda x: 0.0, v)


def const_like(v, c):
    return emap(lambda x: c, v)


def mean(xs):
    return sum(xs) / len(xs)


def rms(v):
    f = flat(v)
    return math.sqrt(mean([x * x for x in f]))


def sgn(x):
    return 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def transpose(a):
    return [list(r) for r in zip(*a)]


def storage(vars_):
    """relulab's storage order: kernels as Out rows of In."""
    out = []
    for v in vars_:
        if shape_of(v) == (len(v),) and not isinstance(v[0], list):
            out += v
        else:
            out += flat(transpose(v))
    return out


class Opt:
    wd = None

    def __init__(self, lr, **kw):
        self.lr = lr
        self.iterations = 0
        self.__dict__.update(kw)

    def apply(self, grads, vars_):
        self.build(vars_)
        if self.wd is not None:
            vars_ = [self.weight_decay(i, v) for i, v in enumerate(vars_)]
        vars_ = [self.update_step(i, g, v) for i, (g, v) in enumerate(zip(grads, vars_))]
        self.iterations += 1
        return vars_

    def weight_decay(self, i, v):
        return emap(lambda p: p - p * self.wd * self.lr, v)

    def build(self, vars_):
        if not hasattr(self, "state"):
            self.state = [self.init(v) for v in vars_]


class SGD(Opt):
    momentum = 0.0
    nesterov = False

    def init(self, v):
        return {"m": zeros_like(v)}

    def update_step(self, i, g, v):
        s = self.state[i]
        if self.momentum == 0:
            return emap(lambda p, gi: p - gi * self.lr, v, g)
        s["m"] = emap(lambda m, gi: m * self.momentum - gi * self.lr, s["m"], g)
        if self.nesterov:
            return emap(lambda p, m, gi: p + (m * self.momentum - gi * self.lr), v, s["m"], g)
        return emap(lambda p, m: p + m, v, s["m"])


class RMSprop(Opt):
    rho, momentum, centered = 0.9, 0.0, False

    def init(self, v):
        return {"v": zeros_like(v), "a": zeros_like(v), "m": zeros_like(v)}

    def update_step(self, i, g, v):
        s, rho = self.state[i], self.rho
        s["v"] = emap(lambda vel, gi: rho * vel + (1 - rho) * gi * gi, s["v"], g)
        if self.centered:
            s["a"] = emap(lambda a, gi: rho * a + (1 - rho) * gi, s["a"], g)
            den = emap(lambda vel, a: vel - a * a + EPS, s["v"], s["a"])
        else:
            den = emap(lambda vel: vel + EPS, s["v"])
        inc = emap(lambda gi, d: (self.lr * gi) / math.sqrt(d), g, den)
        if self.momentum > 0:
            s["m"] = emap(lambda m, x: self.momentum * m + x, s["m"], inc)
            return emap(lambda p, m: p - m, v, s["m"])
        return emap(lambda p, x: p - x, v, inc)


class Adam(Opt):
    b1, b2, amsgrad = 0.9, 0.999, False

    def init(self, v):
        return {"m": zeros_like(v), "v": zeros_like(v), "h": zeros_like(v)}

    def update_step(self, i, g, v, lr=None):
        lr = self.lr if lr is None else lr
        s, t = self.state[i], self.iterations + 1
        alpha = lr * math.sqrt(1 - self.b2 ** t) / (1 - self.b1 ** t)
        s["m"] = emap(lambda m, gi: m + (gi - m) * (1 - self.b1), s["m"], g)
        s["v"] = emap(lambda vel, gi: vel + (gi * gi - vel) * (1 - self.b2), s["v"], g)
        vv = s["v"]
        if self.amsgrad:
            s["h"] = emap(max, s["h"], s["v"])
            vv = s["h"]
        return emap(lambda p, m, vel: p - (m * alpha) / (math.sqrt(vel) + EPS), v, s["m"], vv)


class Adamax(Opt):
    def init(self, v):
        return {"m": zeros_like(v), "u": zeros_like(v)}

    def update_step(self, i, g, v):
        s, t = self.state[i], self.iterations + 1
        b1p = 0.9 ** t
        s["m"] = emap(lambda m, gi: m + (gi - m) * (1 - 0.9), s["m"], g)
        s["u"] = emap(lambda u, gi: max(0.999 * u, abs(gi)), s["u"], g)
        return emap(lambda p, m, u: p - (self.lr * m) / ((1 - b1p) * (u + EPS)), v, s["m"], s["u"])


class Nadam(Opt):
    def build(self, vars_):
        if not hasattr(self, "state"):
            self.state = [{"m": zeros_like(v), "v": zeros_like(v)} for v in vars_]
            self.u_product = 1.0

    def apply(self, grads, vars_):
        self.build(vars_)
        # _backend_update_step: the product is updated once per step, first.
        self.u_product = self.u_product * 0.9 * (1.0 - 0.5 * 0.96 ** (self.iterations + 1))
        return Opt.apply(self, grads, vars_)

    def update_step(self, i, g, v):
        s = self.state[i]
        ls, ns = self.iterations + 1, self.iterations + 2
        u_t = 0.9 * (1.0 - 0.5 * 0.96 ** ls)
        u_t_1 = 0.9 * (1.0 - 0.5 * 0.96 ** ns)
        u_product_t = self.u_product
        u_product_t_1 = u_product_t * u_t_1
        b2p = 0.999 ** ls
        s["m"] = emap(lambda m, gi: m + (gi - m) * (1 - 0.9), s["m"], g)
        s["v"] = emap(lambda vel, gi: vel + (gi * gi - vel) * (1 - 0.999), s["v"], g)
        m_hat = emap(lambda m, gi: (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * gi) / (1 - u_product_t), s["m"], g)
        v_hat = emap(lambda vel: vel / (1 - b2p), s["v"])
        return emap(lambda p, mh, vh: p - (mh * self.lr) / (math.sqrt(vh) + EPS), v, m_hat, v_hat)


class Adagrad(Opt):
    def init(self, v):
        return {"a": const_like(v, 0.1)}

    def update_step(self, i, g, v):
        s = self.state[i]
        s["a"] = emap(lambda a, gi: a + gi * gi, s["a"], g)
        return emap(lambda p, gi, a: p - (self.lr * gi) / math.sqrt(a + EPS), v, g, s["a"])


class Adadelta(Opt):
    rho = 0.95

    def init(self, v):
        return {"ag": zeros_like(v), "ad": zeros_like(v)}

    def update_step(self, i, g, v):
        s, rho = self.state[i], self.rho
        s["ag"] = emap(lambda a, gi: rho * a + (1 - rho) * gi * gi, s["ag"], g)
        delta = emap(lambda ad, gi, ag: -((math.sqrt(ad + EPS) * gi) / math.sqrt(ag + EPS)), s["ad"], g, s["ag"])
        s["ad"] = emap(lambda ad, d: rho * ad + (1 - rho) * d * d, s["ad"], delta)
        return emap(lambda p, d: p + self.lr * d, v, delta)


class Adafactor(Opt):
    def init(self, v):
        st = {"v": zeros_like(v)}
        if isinstance(v[0], list):
            st["r"] = [0.0] * len(v)       # shape[:-1]
            st["c"] = [0.0] * len(v[0])    # shape[-1:]
        return st

    def update_step(self, i, g, v):
        s, t = self.state[i], float(self.iterations + 1)
        lr = min(self.lr, 1 / math.sqrt(t))  # relative_step
        rho_t = min(lr, 1 / math.sqrt(t))
        alpha_t = max(1e-3, rms(v)) * rho_t
        rg2 = emap(lambda gi: gi * gi + 1e-30, g)
        beta = 1 - t ** -0.8
        if isinstance(v[0], list):
            s["r"] = [beta * r + (1 - beta) * mean(row) for r, row in zip(s["r"], rg2)]
            cols = transpose(rg2)
            s["c"] = [beta * c + (1 - beta) * mean(col) for c, col in zip(s["c"], cols)]
            mr = mean(s["r"])
            s["v"] = [[(r / mr) * c for c in s["c"]] for r in s["r"]]
        else:
            s["v"] = emap(lambda vel, x: beta * vel + (1 - beta) * x, s["v"], rg2)
        u = emap(lambda gi, vel: gi / math.sqrt(vel), g, s["v"])
        clip = max(1.0, rms(u) / 1.0)
        return emap(lambda p, x: p - alpha_t * (x / clip), v, u)


class Ftrl(Opt):
    def init(self, v):
        return {"a": const_like(v, 0.1), "z": zeros_like(v)}

    def update_step(self, i, g, v):
        s = self.state[i]
        lr, lr_power, l1, l2 = self.lr, -0.5, 0.0, 0.0 + 0.0 / (2.0 * self.lr)
        new_a = emap(lambda a, gi: a + gi ** 2, s["a"], g)
        s["z"] = emap(lambda z, gi, na, a, p: z + (gi - ((na ** -lr_power - a ** -lr_power) / lr) * p),
                      s["z"], g, new_a, s["a"], v)
        quad = emap(lambda na: na ** -lr_power / lr + 2 * l2, new_a)
        out = emap(lambda z, q: (min(max(z, -l1), l1) - z) / q, s["z"], quad)
        s["a"] = new_a
        return out


class Lion(Opt):
    def init(self, v):
        return {"m": zeros_like(v)}

    def update_step(self, i, g, v):
        s = self.state[i]
        out = emap(lambda p, m, gi: p - self.lr * sgn(m * 0.9 + gi * (1.0 - 0.9)), v, s["m"], g)
        s["m"] = emap(lambda m, gi: m * 0.99 + gi * (1.0 - 0.99), s["m"], g)
        return out


class Lamb(Opt):
    def init(self, v):
        return {"m": zeros_like(v), "v": zeros_like(v)}

    def update_step(self, i, g, v):
        s, t = self.state[i], self.iterations + 1
        b1p, b2p = 0.9 ** t, 0.999 ** t
        s["m"] = emap(lambda m, gi: m + (gi - m) * (1 - 0.9), s["m"], g)
        s["v"] = emap(lambda vel, gi: vel + (gi * gi - vel) * (1 - 0.999), s["v"], g)
        upd = emap(lambda m, vel: (m / (1.0 - b1p)) / (math.sqrt(vel / (1.0 - b2p)) + EPS), s["m"], s["v"])
        w_norm = math.sqrt(sum(x * x for x in flat(v)))
        g_norm = math.sqrt(sum(x * x for x in flat(upd)))
        ratio = w_norm / g_norm if (w_norm > 0 and g_norm > 0) else 1.0
        return emap(lambda p, u: p - ratio * self.lr * u, v, upd)


class Muon(Opt):
    """Keras 3.13 Muon: kernels take the Muon step, vectors the AdamW step."""
    momentum, nesterov, wd, adam_wd = 0.95, True, 0.004, 0.004

    def init(self, v):
        return {"m": zeros_like(v), "v": zeros_like(v), "h": None}

    def weight_decay(self, i, v):
        wd = self.wd if isinstance(v[0], list) else self.adam_wd
        return emap(lambda p: p - p * wd * self.lr, v)

    def update_step(self, i, g, v):
        s = self.state[i]
        if not isinstance(v[0], list):
            adam = Adam(self.lr * 1.0)
            adam.iterations, adam.state = self.iterations, {i: s}
            return adam.update_step(i, g, v)
        s["m"] = emap(lambda m, gi: m + (gi + m * (self.momentum - 1)), s["m"], g)
        G = emap(lambda gi, m: gi + self.momentum * m, g, s["m"]) if self.nesterov else s["m"]
        O = zeropower(G, 5)
        a, b = len(v), len(v[0])
        adjust = 0.2 * math.sqrt(max(a, b))
        return emap(lambda p, o: p - (self.lr * o) * adjust, v, O)


class ScheduleFreeAdamW(Opt):
    """Keras 3.14 ScheduleFreeAdamW: momentum (z) starts as a copy of the
    variable at build, before any weight decay; the variable is y."""
    b1, b2, eps, warmup_steps = 0.9, 0.999, 1e-8, 0

    def init(self, v):
        return {"z": emap(lambda p: p, v), "v": zeros_like(v)}

    def update_step(self, i, g, v):
        s, t = self.state[i], float(self.iterations + 1)
        lr = self.lr
        if self.warmup_steps > 0:
            lr = lr * min(t / self.warmup_steps, 1.0)
        z_old = s["z"]
        bc2 = 1 - self.b2 ** t
        s["v"] = emap(lambda vel, gi: vel + (gi * gi - vel) * (1 - self.b2), s["v"], g)
        den = emap(lambda vel: math.sqrt(vel / bc2) + self.eps, s["v"])
        s["z"] = emap(lambda z, gi, d: z - (lr * gi) / d, z_old, g, den)
        w = 1.0 / t
        x_old = emap(lambda y, z: (y - (1 - self.b1) * z) / self.b1, v, z_old)
        x_new = emap(lambda x, z: (1 - w) * x + w * z, x_old, s["z"])
        return emap(lambda z, x: (1 - self.b1) * z + self.b1 * x, s["z"], x_new)


def zeropower(x, steps, a=3.4445, b=-4.7750, c=2.0315):
    tall = len(x) > len(x[0])
    if tall:
        x = transpose(x)
    norm = math.sqrt(sum(e * e for e in flat(x)))
    x = emap(lambda e: e / (norm + 1e-7), x)
    for _ in range(steps):
        A = matmul(x, transpose(x))
        AA = matmul(A, A)
        B = emap(lambda p, q: b * p + c * q, A, AA)
        BX = matmul(B, x)
        x = emap(lambda p, q: a * p + q, x, BX)
    return transpose(x) if tall else x


def run(opt, p0, grads):
    """Three steps of a fresh copy of opt from p0."""
    opt = copy.deepcopy(opt)
    vars_ = copy.deepcopy(p0)
    steps = []
    for g in grads:
        vars_ = opt.apply(g, vars_)
        steps.append(storage(vars_))
    return steps


CASES = {
    "sgd": SGD(0.01),
    "sgd momentum": SGD(0.01, momentum=0.9),
    "sgd nesterov": SGD(0.01, momentum=0.9, nesterov=True),
    "rmsprop": RMSprop(0.001),
    "rmsprop centered momentum": RMSprop(0.001, centered=True, momentum=0.5),
    "adam": Adam(0.001),
    "adam amsgrad": Adam(0.001, amsgrad=True),
    "adamw": Adam(0.001, wd=0.004),
    "adamax": Adamax(0.001),
    "nadam": Nadam(0.001),
    "adagrad": Adagrad(0.001),
    "adadelta": Adadelta(0.001),
    "adafactor": Adafactor(0.001),
    "ftrl": Ftrl(0.001),
    "lion": Lion(0.001),
    "lamb": Lamb(0.001),
    "muon": Muon(0.001),
    "schedulefreeadamw": ScheduleFreeAdamW(0.0025),
    "schedulefreeadamw warmup decay": ScheduleFreeAdamW(0.0025, warmup_steps=2, wd=0.004),
}

if __name__ == "__main__":
    print(json.dumps({
        "initial": storage(P0),
        "grads": [storage(g) for g in GRADS],
        "steps": {name: run(opt, P0, GRADS) for name, opt in CASES.items()},
        "initial_2out": storage(P0_2),
        "grads_2out": [storage(g) for g in GRADS_2],
        "steps_2out": {name: run(opt, P0_2, GRADS_2) for name, opt in CASES.items()},
    }, indent=1))
