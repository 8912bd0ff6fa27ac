// The storefront: catalogue, configurator, checkout, orders; the engine runs in a Web Worker.
import { lazy, StrictMode, Suspense, useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Link, NavLink, Outlet, RouterProvider, useLocation, useNavigate } from 'react-router';
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

/** Navigation state of "sign out": the page is left first, so a page that holds unsaved work can ask. */
interface SigningOut {
  signingOut: true;
}

const isSigningOut = (state: unknown): state is SigningOut => typeof state === 'object' && state !== null && 'signingOut' in state;

function Header() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const leaving = useRef(false);
  useEffect(() => {
    if (!isSigningOut(location.state) || leaving.current) return;
    leaving.current = true;
    void signOut().finally(() => {
      leaving.current = false;
      navigate('/', { replace: true });
    });
  }, [location, signOut, navigate]);
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
              <button type="button" className="link" onClick={() => void navigate('/', { state: { signingOut: true } satisfies SigningOut })}>
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

/** Every page under the header. */
function Layout() {
  return (
    <AuthProvider>
      <Header />
      <Outlet />
    </AuthProvider>
  );
}

// A data router, not <BrowserRouter>: only a data router can hold a navigation back (the studio's
// guard of unsaved text uses its useBlocker).
const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <CataloguePage /> },
      { path: '/products/:id', element: <ConfiguratorPage /> },
      { path: '/shared/:token', element: <SharedPage /> },
      { path: '/designs', element: <MyDesignsPage /> },
      { path: '/signin', element: <SignInPage /> },
      { path: '/checkout/:quoteId', element: <CheckoutPage /> },
      { path: '/orders/:id', element: <OrderStatusPage /> },
      { path: '/orders', element: <OrdersPage staff={false} /> },
      { path: '/staff/orders', element: <OrdersPage staff /> },
      { path: '/studio', element: <Suspense fallback={loadingStudio}><StudioPage /></Suspense> },
      { path: '/studio/:productId', element: <Suspense fallback={loadingStudio}><StudioProductPage /></Suspense> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>,
  );
}
