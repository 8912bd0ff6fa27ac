// The storefront: catalogue, configurator, checkout, orders; the engine runs in a Web Worker.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, NavLink, Route, Routes, useNavigate } from 'react-router';
import { isStaff, useAuth, AuthProvider } from './auth/auth.tsx';
import { CataloguePage } from './pages/Catalogue.tsx';
import { CheckoutPage } from './pages/Checkout.tsx';
import { ConfiguratorPage } from './pages/Configurator.tsx';
import { MyDesignsPage } from './pages/MyDesigns.tsx';
import { OrderStatusPage } from './pages/OrderStatus.tsx';
import { SharedPage } from './pages/Shared.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { OrdersPage } from './pages/StaffOrders.tsx';

// The studio (and its code editor) loads only when staff open it.
const StudioPage = lazy(() => import('./pages/Studio.tsx').then((m) => ({ default: m.StudioPage })));
const StudioProductPage = lazy(() => import('./pages/StudioProduct.tsx').then((m) => ({ default: m.StudioProductPage })));
const loadingStudio = <main id="main"><p role="status">Loading the studio…</p></main>;

function Header() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Link to="/" className="brand">
        Atelier
      </Link>
      <nav aria-label="Site">
        <ul>
          <li>
            <NavLink to="/" end>
              Catalogue
            </NavLink>
          </li>
          {user ? (
            <li>
              <NavLink to="/orders" end>
                My orders
              </NavLink>
            </li>
          ) : null}
          {user ? (
            <li>
              <NavLink to="/designs">My designs</NavLink>
            </li>
          ) : null}
          {isStaff(user) ? (
            <li>
              <NavLink to="/staff/orders">Staff orders</NavLink>
            </li>
          ) : null}
          {isStaff(user) ? (
            <li>
              <NavLink to="/studio">Studio</NavLink>
            </li>
          ) : null}
          <li>
            {user ? (
              <button type="button" className="link" onClick={() => void signOut().then(() => navigate('/'))}>
                Sign out <span className="visually-hidden">{user.name}</span>
              </button>
            ) : user === null ? (
              <NavLink to="/signin">Sign in</NavLink>
            ) : null}
          </li>
        </ul>
      </nav>
    </header>
  );
}

function NotFound() {
  return (
    <main id="main" className="narrow">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the catalogue</Link>
      </p>
    </main>
  );
}

function App() {
  return (
    <AuthProvider>
      <Header />
      <Routes>
        <Route path="/" element={<CataloguePage />} />
        <Route path="/products/:id" element={<ConfiguratorPage />} />
        <Route path="/shared/:token" element={<SharedPage />} />
        <Route path="/designs" element={<MyDesignsPage />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/checkout/:quoteId" element={<CheckoutPage />} />
        <Route path="/orders/:id" element={<OrderStatusPage />} />
        <Route path="/orders" element={<OrdersPage staff={false} />} />
        <Route path="/staff/orders" element={<OrdersPage staff />} />
        <Route path="/studio" element={<Suspense fallback={loadingStudio}><StudioPage /></Suspense>} />
        <Route path="/studio/:productId" element={<Suspense fallback={loadingStudio}><StudioProductPage /></Suspense>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AuthProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </StrictMode>,
  );
}
